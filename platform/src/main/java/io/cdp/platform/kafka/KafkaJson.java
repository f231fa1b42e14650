package io.cdp.platform.kafka;

import java.time.Instant;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.ext.javatime.deser.InstantDeserializer;
import tools.jackson.databind.ext.javatime.ser.InstantSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdScalarSerializer;

import io.cdp.platform.IsoTime;

/**
 * How records on the platform's topics are read and written: JSON without type headers; unknown fields
 * are ignored so that an older consumer reads a newer producer's records, and enum names match in any case.
 * Instants go through {@link IsoTime} (the same text, without {@code DateTimeFormatter}): a scheduled run publishes
 * a record per membership change, and formatting their times was a visible share of the app's CPU.
 */
public final class KafkaJson {

    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(new SimpleModule("cdp-iso-time").addSerializer(Instant.class, new InstantWriter())
                    .addDeserializer(Instant.class, new InstantReader()))
            .build();

    private KafkaJson() {
    }

    private static final class InstantWriter extends StdScalarSerializer<Instant> {

        InstantWriter() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializationContext context) {
            if (context.isEnabled(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
                    || context.isEnabled(DateTimeFeature.WRITE_UTC_AS_OFFSET)) {
                InstantSerializer.INSTANCE.serialize(value, generator, context);
            } else {
                generator.writeString(IsoTime.text(value));
            }
        }
    }

    private static final class InstantReader extends StdScalarDeserializer<Instant> {

        InstantReader() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) {
            if (parser.hasToken(JsonToken.VALUE_STRING)) {
                Instant canonical = IsoTime.canonicalInstant(parser.getString().trim());
                if (canonical != null) {
                    return canonical;
                }
            }
            return InstantDeserializer.INSTANT.deserialize(parser, context);
        }
    }
}
