package io.cdp.operations;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Consumer lag per group and topic, as Kafka sees it: the sum over partitions of end offset
 * minus committed offset. Measured from the group's committed offsets, so it is right however
 * many app instances consume, and it keeps growing while no consumer runs at all. Measured only
 * where the listeners run, so the import command's one-shot JVM starts no timer.
 */
@Component
@ConditionalOnBooleanProperty(name = "spring.kafka.listener.auto-startup", matchIfMissing = true)
class ConsumerLagMetrics {

    private static final Logger log = LoggerFactory.getLogger(ConsumerLagMetrics.class);

    private final Admin admin;
    private final MeterRegistry registry;
    private final List<String> groups;
    private final Map<String, Long> lagByGroupAndTopic = new ConcurrentHashMap<>();

    ConsumerLagMetrics(Admin kafkaHealthAdmin, MeterRegistry registry,
            @Value("${cdp.operations.lag-groups:cdp-profile-store,cdp-ingestion-input}") List<String> groups) {
        this.admin = kafkaHealthAdmin;
        this.registry = registry;
        this.groups = groups;
    }

    @Scheduled(fixedDelayString = "${cdp.operations.lag-interval:15s}")
    void refresh() {
        for (String group : groups) {
            try {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                if (committed.isEmpty()) {
                    continue;
                }
                Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(committed.keySet().stream()
                        .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest())))
                        .all().get(10, TimeUnit.SECONDS);
                Map<String, Long> lagByTopic = committed.entrySet().stream()
                        .filter(entry -> entry.getValue() != null)
                        .collect(Collectors.groupingBy(entry -> entry.getKey().topic(), Collectors.summingLong(entry ->
                                Math.max(0, ends.get(entry.getKey()).offset() - entry.getValue().offset()))));
                lagByTopic.forEach((topic, lag) -> record(group, topic, lag));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // the health indicator reports Kafka itself; a missed sample only ages the gauge
                log.warn("could not measure consumer lag of group {}: {}", group, e.toString());
            }
        }
    }

    Long lag(String group, String topic) {
        return lagByGroupAndTopic.get(group + "|" + topic);
    }

    /** The last measured lag per group and topic, as "group|topic" → records; empty before the first sample. */
    Map<String, Long> lags() {
        return Map.copyOf(lagByGroupAndTopic);
    }

    private void record(String group, String topic, long lag) {
        String key = group + "|" + topic;
        if (lagByGroupAndTopic.put(key, lag) == null) {
            Gauge.builder("cdp.kafka.consumer.lag", lagByGroupAndTopic, values -> values.getOrDefault(key, 0L))
                    .description("records not yet consumed by the group").tag("group", group).tag("topic", topic)
                    .register(registry);
        }
    }
}
