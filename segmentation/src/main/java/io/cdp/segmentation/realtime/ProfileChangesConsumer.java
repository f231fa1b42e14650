package io.cdp.segmentation.realtime;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import io.cdp.platform.kafka.DeadLetterHandler;
import io.cdp.platform.kafka.KafkaListeners;
import io.cdp.profile.ProfileEvent;
import io.cdp.segmentation.SegmentationProperties;
import io.cdp.segmentation.realtime.ProfileChangesListener.PermanentChangeFailure;

/**
 * The consumer group of real-time evaluation ({@code cdp.segmentation.consumer-group}): polls of up to
 * {@code max-poll-records} changes, a fetch answered as soon as one change is there, transient failures retried
 * with backoff, the others dead-lettered with their reason.
 */
@Configuration(proxyBeanMethods = false)
class ProfileChangesConsumer {

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, ProfileEvent> profileChangesContainerFactory(
            KafkaProperties kafka, SegmentationProperties properties,
            @Qualifier("platformKafkaTemplate") KafkaTemplate<String, Object> template,
            SegmentationFailureClassifier classifier) {
        SegmentationProperties.Failure failure = properties.failure();
        return KafkaListeners.containerFactory(kafka,
                KafkaListeners.jsonConsumers(kafka, properties.consumerGroup(), ProfileEvent.class, Map.of(
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.maxPollRecords(),
                        ConsumerConfig.FETCH_MIN_BYTES_CONFIG, properties.fetchMinBytes(),
                        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) properties.fetchMaxWait().toMillis())),
                properties.concurrency(),
                DeadLetterHandler.create(template, failure.deadLetterTopic(), classifier, failure.retryInitial(),
                        failure.retryMax(), PermanentChangeFailure.class));
    }
}
