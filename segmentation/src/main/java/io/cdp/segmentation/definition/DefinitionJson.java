package io.cdp.segmentation.definition;

import io.cdp.segmentation.DefinitionError;
import io.cdp.segmentation.InvalidDefinitionsException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Reads and writes definitions as the JSON a marketer edits. */
public final class DefinitionJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private DefinitionJson() {
    }

    /** Reads any part of the definition language (one definition, a request body around one). */
    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JacksonException e) {
            throw new InvalidDefinitionsException(List.of(
                    new DefinitionError(path(e), "json", e.getOriginalMessage())));
        }
    }

    static <T> T read(InputStream json, Class<T> type) {
        try (json) {
            return read(new String(json.readAllBytes(), StandardCharsets.UTF_8), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String write(Object definitions) {
        return MAPPER.writeValueAsString(definitions);
    }

    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder("$");
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                path.append('.').append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
