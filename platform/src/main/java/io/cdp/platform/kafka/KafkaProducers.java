package io.cdp.platform.kafka;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;

/** Producers that lose nothing: every write acknowledged by all in-sync replicas, retries without duplicates. */
public final class KafkaProducers {

    private KafkaProducers() {
    }

    /** {@code spring.kafka.producer.*} with acks=all and idempotence, whatever the file says. */
    public static Map<String, Object> reliable(KafkaProperties kafka) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return config;
    }

    /**
     * A reliable template writing values as {@link KafkaJson} and byte arrays as they are: dead letters of
     * unreadable records carry the original bytes.
     */
    public static KafkaTemplate<String, Object> json(Map<String, Object> config) {
        JacksonJsonSerializer<Object> json = new JacksonJsonSerializer<>(KafkaJson.MAPPER);
        json.setAddTypeInfo(false);
        Map<Class<?>, Serializer<?>> byType = new LinkedHashMap<>();
        byType.put(byte[].class, new ByteArraySerializer());
        byType.put(Object.class, json);
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config, new StringSerializer(),
                new DelegatingByTypeSerializer(byType, true)));
    }
}
