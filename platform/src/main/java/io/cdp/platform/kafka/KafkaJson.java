package io.cdp.platform.kafka;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * How records on the platform's topics are read and written: JSON without type headers; unknown fields
 * are ignored so that an older consumer reads a newer producer's records, and enum names match in any case.
 */
public final class KafkaJson {

    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private KafkaJson() {
    }
}
