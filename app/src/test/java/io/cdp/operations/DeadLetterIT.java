package io.cdp.operations;

import static io.cdp.AppTestSupport.ADMIN_PASSWORD;
import static io.cdp.AppTestSupport.basic;
import static io.cdp.AppTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.cdp.localstack.Await;
import io.cdp.localstack.TestStack;
import io.cdp.platform.Topics;
import io.cdp.platform.Topics;
import io.cdp.AppIntegrationTest;

class DeadLetterIT extends AppIntegrationTest {


    @Test
    void listsFailedEventsWithTheirReasonAndReplaysThemToTheirTopicOnce() throws Exception {
        String target = "cdp.test.replay-" + UUID.randomUUID();
        String key = "key-" + UUID.randomUUID();
        var failed = new ProducerRecord<String, String>(Topics.EVENTS_DEAD_LETTER, key, "{\"messageId\":\"m-1\"}");
        failed.headers().add("kafka_dlt-original-topic", target.getBytes(StandardCharsets.UTF_8));
        failed.headers().add("kafka_dlt-exception-fqcn", "java.lang.IllegalArgumentException".getBytes(StandardCharsets.UTF_8));
        failed.headers().add("kafka_dlt-exception-message", "timestamp is not ISO-8601".getBytes(StandardCharsets.UTF_8));
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", TestStack.get().kafkaBootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(failed).get();
        }
        String admin = basic("admin", ADMIN_PASSWORD);

        var listed = call(port, "GET", "/api/admin/dead-letters?limit=10000", admin, null);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).contains(key).contains("timestamp is not ISO-8601").contains(target);

        var replayed = call(port, "POST", "/api/admin/dead-letters/replay?limit=10000", admin, null);
        assertThat(replayed.statusCode()).isEqualTo(200);
        assertThat(keysUntil(target, key, 1)).containsExactly(key);
        assertThat(call(port, "GET", "/api/admin/dead-letters?limit=10000", admin, null).body()).doesNotContain(key);
    }

    @Test
    void listsProfileChangesSegmentationCouldNotHandleAndReplaysThemToTheProfileChanges() throws Exception {
        String key = "key-" + UUID.randomUUID();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", TestStack.get().kafkaBootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.PROFILE_CHANGES, key, "{\"type\": \"ProfileChanged\", \"profileId\":")).get();
        }
        String admin = basic("admin", ADMIN_PASSWORD);
        String list = "/api/admin/dead-letters?limit=10000&topic=" + Topics.PROFILE_CHANGES_SEGMENTATION_DEAD_LETTER;

        Await.until(Duration.ofSeconds(60), () -> {
            try {
                return call(port, "GET", list, admin, null).body().contains(key);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "segmentation's dead letter");
        assertThat(call(port, "GET", list, admin, null).body()).contains(key)
                .contains("permanent PermanentChangeFailure: unreadable profile change")
                .contains("\"originalTopic\":\"" + Topics.PROFILE_CHANGES + "\"");
        assertThat(call(port, "GET", "/api/admin/dead-letters?limit=10000", admin, null).body()).doesNotContain(key);

        var replayed = call(port, "POST", "/api/admin/dead-letters/replay?limit=10000&topic="
                + Topics.PROFILE_CHANGES_SEGMENTATION_DEAD_LETTER, admin, null);
        assertThat(replayed.statusCode()).isEqualTo(200);
        assertThat(keysUntil(Topics.PROFILE_CHANGES, key, 2)).filteredOn(key::equals).hasSize(2);
    }

    @Test
    void refusesTopicsThatAreNoDeadLetterTopics() throws Exception {
        var refused = call(port, "POST", "/api/admin/dead-letters/replay?topic=" + Topics.PROFILE_CHANGES,
                basic("admin", ADMIN_PASSWORD), null);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("\"field\":\"topic\"");
    }

    @Test
    void deadLettersAreForAdminsOnly() throws Exception {
        assertThat(call(port, "GET", "/api/admin/dead-letters", null, null).statusCode()).isEqualTo(401);
    }

    /** The keys read from the beginning of {@code topic} until {@code key} was among them {@code count} times. */
    private static List<String> keysUntil(String topic, String key, int count) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                "bootstrap.servers", TestStack.get().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<String> keys = new ArrayList<>();
            Await.until(Duration.ofSeconds(30), () -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> keys.add(r.key()));
                return keys.stream().filter(key::equals).count() >= count;
            }, count + " records keyed " + key + " on " + topic);
            return keys;
        }
    }
}
