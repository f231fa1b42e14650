package io.cdp.segmentation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.test.context.DynamicPropertyRegistry;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import io.cdp.localstack.TestStack;
import io.cdp.platform.elasticsearch.ElasticsearchClients;
import io.cdp.profile.ProfileEvent;
import io.cdp.profile.ProfileId;
import io.cdp.profile.domain.ProfileDocument;
import io.cdp.profile.domain.Trait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Per-class indices and topics on the real stack; profiles are written straight into the profile
 * store's index in its document layout, and profile changes published as the store would.
 */
public final class SegmentationTestKit {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    public final String name;
    public final String prefix;
    public final String changesTopic;
    public final String membershipsTopic;
    public final String deadLetterTopic;
    public final ElasticsearchClient elasticsearch;
    private final KafkaTemplate<String, ProfileEvent> producer;

    public SegmentationTestKit(String testName) {
        this(testName, null);
    }

    /** @param changesTopic where profile changes come from; null: a topic of this class's own */
    public SegmentationTestKit(String testName, String changesTopic) {
        this.name = testName.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.prefix = "cdp-t-" + name + "-";
        this.changesTopic = changesTopic != null ? changesTopic : "cdp.profile-changes." + name;
        this.membershipsTopic = "cdp.memberships." + name;
        this.deadLetterTopic = "cdp.segmentation.dlt." + name;
        this.elasticsearch = ElasticsearchClients.create(TestStack.get().elasticsearchUrl());
        // one partition each: the tests reason about the order of changes and of published events
        if (changesTopic == null) {
            TestStack.get().createTopics(1, this.changesTopic, membershipsTopic);
        } else {
            // the profile store's own topic: the application creates it
            TestStack.get().createTopics(1, membershipsTopic);
        }
        JacksonJsonSerializer<ProfileEvent> json = new JacksonJsonSerializer<>();
        json.setAddTypeInfo(false);
        this.producer = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), json));
    }

    public void register(DynamicPropertyRegistry registry, Map<String, String> extra) {
        Map<String, String> p = new HashMap<>();
        p.put("cdp.elasticsearch.url", TestStack.get().elasticsearchUrl());
        p.put("spring.kafka.bootstrap-servers", TestStack.get().kafkaBootstrapServers());
        p.put("cdp.profile.index-prefix", prefix);
        p.put("cdp.profile.listener-enabled", "false");
        p.put("cdp.segmentation.index-prefix", prefix);
        p.put("cdp.segmentation.changes-topic", changesTopic);
        p.put("cdp.segmentation.memberships-topic", membershipsTopic);
        p.put("cdp.segmentation.consumer-group", "cdp-segmentation-" + name);
        p.put("cdp.segmentation.concurrency", "1");
        p.put("cdp.segmentation.failure.dead-letter-topic", deadLetterTopic);
        p.put("cdp.segmentation.schedule.cron", "-");
        p.putAll(extra);
        p.forEach((k, v) -> registry.add(k, () -> v));
    }

    /** A live profile with these traits and order totals, seen just now. */
    public static ProfileDocument profile(String id, Map<String, Object> traits, long orders, String revenue) {
        Instant now = Instant.now();
        ProfileDocument doc = ProfileDocument.create(id, now);
        doc.firstSeen = now;
        doc.lastSeen = now;
        traits.forEach((k, v) -> doc.traits.put(k, new Trait(v, "test", now)));
        doc.commerce.orders = orders;
        doc.commerce.revenue = new BigDecimal(revenue);
        doc.commerce.lastOrderAt = orders > 0 ? now : null;
        return doc;
    }

    /** Writes profiles as the profile store would (then searchable). */
    public void save(List<ProfileDocument> profiles) {
        List<BulkOperation> ops = new ArrayList<>();
        profiles.forEach(p -> ops.add(BulkOperation.of(b -> b.index(i -> i.index(prefix + "profiles").id(p.id)
                .document(p)))));
        try {
            var response = elasticsearch.bulk(b -> b.operations(ops).refresh(Refresh.WaitFor));
            if (response.errors()) {
                throw new IllegalStateException("seeding profiles failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void publish(String key, ProfileEvent event) {
        try {
            producer.send(changesTopic, key, event).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A record the store would never write, as it is. */
    public void publishRaw(String key, String value) {
        try (KafkaProducer<String, String> raw = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().kafkaBootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            raw.send(new ProducerRecord<>(changesTopic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public KafkaConsumer<String, String> membershipConsumer() {
        return consumer(membershipsTopic);
    }

    /** The dead letters so far, once there are at least {@code atLeast}. */
    public List<ConsumerRecord<String, String>> deadLetters(int atLeast) {
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(deadLetterTopic)) {
            await(Duration.ofSeconds(60), () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
                return read.size() >= atLeast;
            }, "dead letters");
        }
        return read;
    }

    private static KafkaConsumer<String, String> consumer(String topic) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /** Reads membership events until {@code until} holds for what was read. */
    public static List<JsonNode> readUntil(KafkaConsumer<String, String> consumer, List<JsonNode> read,
            java.util.function.Predicate<List<JsonNode>> until) {
        await(Duration.ofSeconds(60), () -> {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                read.add(JSON.readTree(r.value()));
            }
            return until.test(read);
        }, "membership events");
        return read;
    }

    /**
     * Reads membership events until the reader has reached the end of the topic as it is now: everything
     * published so far is in {@code read}, whichever partition it went to.
     */
    public static List<JsonNode> readToEnd(KafkaConsumer<String, String> consumer, List<JsonNode> read) {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
        return readUntil(consumer, read, r -> end.entrySet().stream()
                .allMatch(partition -> consumer.position(partition.getKey()) >= partition.getValue()));
    }

    public static ProfileId newId() {
        return ProfileId.newId(Instant.now());
    }

    /** The entry id the contract promises: derived from profile, segment and cause. */
    public static String expectedEntryId(String profileId, String segmentId, String cause) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((profileId + '\n' + segmentId + '\n' + cause).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public void cleanUp() {
        try {
            elasticsearch.indices().delete(d -> d.index(prefix + "*").allowNoIndices(true).ignoreUnavailable(true));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void await(Duration timeout, BooleanSupplier condition, String what) {
        io.cdp.localstack.Await.until(timeout, condition, what);
    }
}
