package io.cdp.platform.kafka;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;

/**
 * Consumers of the platform's topics: JSON values read as {@link KafkaJson}, unreadable records handed
 * to the error handler (and so to a dead letter) instead of stopping the partition, offsets committed
 * only after a batch is processed, and a new group starting from the earliest record so that nothing
 * written before its first start is skipped.
 */
public final class KafkaListeners {

    private KafkaListeners() {
    }

    /** {@code spring.kafka.consumer.*} for {@code groupId}, with the settings above; {@code overrides} win. */
    public static <T> ConsumerFactory<String, T> jsonConsumers(KafkaProperties kafka, String groupId, Class<T> type,
            Map<String, Object> overrides) {
        return consumers(kafka, groupId, overrides, new JacksonJsonDeserializer<>(type, KafkaJson.MAPPER, false));
    }

    /**
     * Like {@link #jsonConsumers(KafkaProperties, String, Class, Map)} for a listener that wants only records
     * carrying one of {@code markers} (JSON string values, such as event names): the others are not parsed and
     * reach the listener as null values.
     */
    public static <T> ConsumerFactory<String, T> jsonConsumers(KafkaProperties kafka, String groupId, Class<T> type,
            Map<String, Object> overrides, Collection<String> markers) {
        return consumers(kafka, groupId, overrides,
                new MarkedRecords<>(markers, new JacksonJsonDeserializer<>(type, KafkaJson.MAPPER, false)));
    }

    private static <T> ConsumerFactory<String, T> consumers(KafkaProperties kafka, String groupId,
            Map<String, Object> overrides, Deserializer<T> values) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.putAll(overrides);
        return new DefaultKafkaConsumerFactory<>(config, new ErrorHandlingDeserializer<>(new StringDeserializer()),
                new ErrorHandlingDeserializer<>(values));
    }

    /**
     * A container factory for {@code @KafkaListener}s of one module: batch acknowledgement, the given
     * concurrency and error handler, and started only where {@code spring.kafka.listener.auto-startup}
     * says so (the import command starts no consumers).
     */
    public static <T> ConcurrentKafkaListenerContainerFactory<String, T> containerFactory(KafkaProperties kafka,
            ConsumerFactory<String, T> consumers, int concurrency, CommonErrorHandler errorHandler) {
        ConcurrentKafkaListenerContainerFactory<String, T> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(consumers);
        factory.setConcurrency(concurrency);
        factory.setCommonErrorHandler(errorHandler);
        factory.setAutoStartup(kafka.getListener().isAutoStartup());
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
        return factory;
    }
}
