package io.cdp.bench.stack;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.LongConsumer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import io.cdp.bench.report.GrowingCount;

/**
 * How far a consumer group has come on a topic, read from Kafka's committed offsets. The profile store
 * commits a poll's offsets only after its events are on the timeline, so a group that has reached the
 * topic's end has stored every event, and the benchmark learns it without asking Elasticsearch: refreshing
 * and counting the timeline twice a second made Elasticsearch write and merge many tiny segments, work
 * the measured pipeline itself does not cause.
 */
public final class ConsumerProgress implements AutoCloseable {

    private final Admin admin;
    private final String group;
    private final String topic;

    public ConsumerProgress(String bootstrapServers, String group, String topic) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        this.group = group;
        this.topic = topic;
    }

    /** The topic's end offsets now: what has been appended so far. */
    public Map<TopicPartition, Long> endOffsets() throws InterruptedException {
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((partition, info) -> end.put(partition, info.offset()));
            return end;
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not read the end offsets of " + topic, e.getCause());
        }
    }

    /** How many of the records up to {@code end} the group has committed as consumed. */
    public long consumed(Map<TopicPartition, Long> end) throws InterruptedException {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            long consumed = 0;
            for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
                OffsetAndMetadata offset = committed.get(partition.getKey());
                consumed += Math.min(partition.getValue(), offset == null ? 0 : offset.offset());
            }
            return consumed;
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not read the offsets of group " + group, e.getCause());
        }
    }

    /**
     * Waits until the group has consumed every record appended so far, or until it stops moving for
     * {@code stall}; returns how many of them it consumed.
     */
    public long awaitEnd(Duration stall, LongConsumer progress) throws InterruptedException {
        Map<TopicPartition, Long> end = endOffsets();
        long appended = end.values().stream().mapToLong(Long::longValue).sum();
        return GrowingCount.await(appended, stall, Duration.ofMillis(100), last -> consumed(end), progress);
    }

    /** The records appended to the topic so far. */
    public long appended() throws InterruptedException {
        return endOffsets().values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public void close() {
        admin.close();
    }
}
