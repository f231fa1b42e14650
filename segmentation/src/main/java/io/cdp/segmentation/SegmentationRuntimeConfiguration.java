package io.cdp.segmentation;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

import io.cdp.platform.PlatformConfiguration;
import io.cdp.platform.kafka.KafkaTopics;

/**
 * Segmentation on the profile store: the components of this package and its sub-packages (definitions
 * versioned in Elasticsearch and reloaded by every instance, real-time evaluation on profile changes, scheduled
 * runs, the API), on the platform's Elasticsearch client and Kafka template, and the topics this module writes.
 * The evaluator itself comes from {@link SegmentationConfiguration}, which needs no infrastructure.
 */
@Configuration(proxyBeanMethods = false)
@Import({PlatformConfiguration.class, SegmentationConfiguration.class})
@ComponentScan
@EnableScheduling
class SegmentationRuntimeConfiguration {

    @Bean
    NewTopic membershipsTopic(SegmentationProperties properties) {
        return KafkaTopics.topic(properties.membershipsTopic(), 6, properties.topicRetention());
    }

    @Bean
    NewTopic segmentationDeadLetterTopic(SegmentationProperties properties) {
        return KafkaTopics.topic(properties.failure().deadLetterTopic(), 1, properties.topicRetention());
    }
}
