package io.cdp.operations;

import static io.cdp.AppTestSupport.ADMIN_PASSWORD;
import static io.cdp.AppTestSupport.basic;
import static io.cdp.AppTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.cdp.localstack.TestStack;
import io.cdp.profile.Topics;
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
        assertThat(receivedKeys(target)).containsExactly(key);
        assertThat(call(port, "GET", "/api/admin/dead-letters?limit=10000", admin, null).body()).doesNotContain(key);
    }

    @Test
    void deadLettersAreForAdminsOnly() throws Exception {
        assertThat(call(port, "GET", "/api/admin/dead-letters", null, null).statusCode()).isEqualTo(401);
    }

    private static List<String> receivedKeys(String topic) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                "bootstrap.servers", TestStack.get().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    return java.util.stream.StreamSupport.stream(records.spliterator(), false).map(r -> r.key()).toList();
                }
            }
            return List.of();
        }
    }
}
