package io.cdp.operations;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Service;

import io.cdp.platform.Topics;
import io.cdp.platform.kafka.DeadLetterHandler;

/**
 * Lists and replays the records that failed processing, per dead-letter topic: the events' (ingestion
 * and the profile store) and segmentation's profile changes. "Pending" means after the committed
 * offset of the {@value #REPLAY_GROUP} group: a replay sends the pending records back to the
 * topic they failed on and then commits past them. A crash between the two replays a record
 * twice, which the pipeline's messageId deduplication (events) or segmentation's stable entry ids
 * (profile changes) absorb.
 */
@Service
class DeadLetters {

    static final String REPLAY_GROUP = "cdp-dead-letter-replay";
    /** Spring Kafka's recoverer names the failed topic here; ingestion's validator uses its own header. */
    private static final List<String> ORIGINAL_TOPIC_HEADERS = List.of("kafka_dlt-original-topic", "cdp-origin-topic");
    private static final Duration POLL = Duration.ofMillis(500);

    record DeadLetter(int partition, long offset, Instant failedAt, String originalTopic, String key,
                      Map<String, String> reason) {
    }

    record ReplayResult(int replayed, List<DeadLetter> notReplayable) {
    }

    private final KafkaProperties kafka;
    private final KafkaTemplate<String, Object> template;
    private final List<String> topics;

    /** @param platformKafkaTemplate sends a replayed record's bytes as they are */
    DeadLetters(KafkaProperties kafka, KafkaTemplate<String, Object> platformKafkaTemplate,
            @Value("${cdp.segmentation.failure.dead-letter-topic:" + Topics.PROFILE_CHANGES_SEGMENTATION_DEAD_LETTER
                    + "}") String segmentationDeadLetters) {
        this.kafka = kafka;
        this.template = platformKafkaTemplate;
        this.topics = List.of(Topics.EVENTS_DEAD_LETTER, segmentationDeadLetters);
    }

    /** The dead-letter topics this lists and replays, the events' first. */
    List<String> topics() {
        return topics;
    }

    List<DeadLetter> pending(String topic, int limit) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            return readPending(consumer, topic, limit).stream().map(DeadLetters::describe).toList();
        }
    }

    ReplayResult replay(String topic, int limit) throws InterruptedException, ExecutionException, TimeoutException {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<ConsumerRecord<byte[], byte[]>> records = readPending(consumer, topic, limit);
            List<DeadLetter> notReplayable = new ArrayList<>();
            List<CompletableFuture<SendResult<String, Object>>> sends = new ArrayList<>();
            Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                String originalTopic = originalTopic(record);
                if (originalTopic == null) {
                    notReplayable.add(describe(record));
                } else {
                    sends.add(template.send(new ProducerRecord<>(originalTopic, null, key(record), record.value())));
                }
                done.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
            }
            for (var send : sends) {
                send.get(30, TimeUnit.SECONDS);
            }
            consumer.commitSync(done);
            return new ReplayResult(sends.size(), notReplayable);
        }
    }

    private List<ConsumerRecord<byte[], byte[]>> readPending(KafkaConsumer<byte[], byte[]> consumer, String topic,
            int limit) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            if (offset == null) {
                consumer.seekToBeginning(List.of(partition));
            } else {
                consumer.seek(partition, offset.offset());
            }
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        while (records.size() < limit && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                if (records.size() < limit && record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                    records.add(record);
                }
            }
        }
        return records;
    }

    /** Spring Kafka's exception headers and ours: {@value DeadLetterHandler#REASON_HEADER}, ingestion's origin. */
    private static DeadLetter describe(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> reason = new TreeMap<>();
        for (Header header : record.headers()) {
            if (header.key().startsWith("kafka_dlt-exception") || header.key().startsWith("cdp-")) {
                reason.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return new DeadLetter(record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
                originalTopic(record), key(record), reason);
    }

    private static String originalTopic(ConsumerRecord<byte[], byte[]> record) {
        return ORIGINAL_TOPIC_HEADERS.stream().map(name -> header(record, name))
                .filter(Objects::nonNull).findFirst().orElse(null);
    }

    /** Every dead letter was written with a string key, by the platform's template or ingestion's validator. */
    private static String key(ConsumerRecord<byte[], byte[]> record) {
        return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> config = kafka.buildConsumerProperties();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, REPLAY_GROUP);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }


}
