package io.cdp.activation;

import static io.cdp.activation.ActivationKit.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.cdp.activation.RecordingHttpServer.Reply;
import io.cdp.activation.domain.Delivery;
import io.cdp.localstack.TestStack;
import io.cdp.profile.ProfileSnapshot;
import tools.jackson.databind.JsonNode;

/** Signed webhooks against a real local HTTP server (retries, dead letters, retry from the API) and the Kafka output. */
class WebhookAndKafkaIT extends ActivationItSupport {

    private static final ActivationKit KIT = new ActivationKit("webhook");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        KIT.register(registry);
    }

    @AfterAll
    static void cleanUp() {
        KIT.cleanUp();
    }

    @Test
    void postsASignedWebhookRetriesA503AndDeadLettersA400UntilRetriedByHand() throws Exception {
        try (RecordingHttpServer receiver = new RecordingHttpServer()) {
            ProfileSnapshot jan = profile("w-jan");
            String destination = KIT.create(port, "/api/destinations", Map.of("name", "hook", "kind", "WEBHOOK",
                    "settings", Map.of("url", receiver.baseUrl() + "/hooks/cdp"), "secrets", Map.of("signingKey", "whsec")));
            String activation = KIT.create(port, "/api/activations", Map.of("name", "hook", "segmentId", "hooks",
                    "destinationId", destination, "mode", "TRIGGER", "onExit", true));
            receiver.failNext(new Reply(503, Map.of("Retry-After", "1"), ""));

            KIT.publish(ActivationKit.entered(jan.id(), "hooks", "h1"));

            String enteredKey = Delivery.key(jan.id().value(), activation, "h1", "entered");
            await(Duration.ofMinutes(1), () -> state(enteredKey).equals("SENT"), "the webhook after a 503");
            assertThat(receiver.requests()).hasSize(2);
            RecordingHttpServer.Request delivered = receiver.requests().get(1);
            assertThat(delivered.body()).isEqualTo(receiver.requests().get(0).body());
            assertThat(delivered.path()).isEqualTo("/hooks/cdp");
            assertThat(delivered.header("X-CDP-Signature")).isEqualTo("sha256="
                    + hmac("whsec", delivered.header("X-CDP-Timestamp") + "." + delivered.body()));
            assertThat(delivered.header("Idempotency-Key")).isEqualTo(enteredKey);
            assertThat(ActivationKit.JSON.readTree(delivered.body())).isEqualTo(ActivationKit.JSON.readTree(
                    "{\"type\":\"segment.entered\",\"deliveryId\":\"" + enteredKey + "\",\"activationId\":\""
                            + activation + "\",\"segmentId\":\"hooks\",\"profileId\":\"" + jan.id()
                            + "\",\"entryId\":\"h1\",\"userId\":\"w-jan\",\"traits\":{\"plan\":\"gold\"}}"));
            assertThat(delivery(enteredKey).path("attempts").asInt()).isEqualTo(2);

            receiver.failNext(new Reply(400, Map.of(), "{\"error\":\"bad\"}"));
            KIT.publish(ActivationKit.exited(jan.id(), "hooks", "h1"));
            String exitedKey = Delivery.key(jan.id().value(), activation, "h1", "exited");
            await(Duration.ofMinutes(1), () -> state(exitedKey).equals("DEAD"), "the refused webhook to die");
            assertThat(delivery(exitedKey).path("reason").asString())
                    .isEqualTo("permanent DestinationException: webhook answered HTTP 400");

            assertThat(KIT.call(port, "POST", "/api/deliveries/" + exitedKey + "/retry", null).statusCode()).isEqualTo(202);
            await(Duration.ofMinutes(1), () -> state(exitedKey).equals("SENT"), "the retried webhook");
            assertThat(receiver.requests()).hasSize(4);
            assertThat(ActivationKit.JSON.readTree(receiver.requests().get(3).body()).path("type").asString())
                    .isEqualTo("segment.exited");
        }
    }

    @Test
    void publishesMembershipChangesToTheKafkaOutputTopicKeyedByProfile() {
        ProfileSnapshot kim = profile("k-kim");
        String topic = "out." + KIT.name;
        String destination = KIT.create(port, "/api/destinations", Map.of("name", "out", "kind", "KAFKA",
                "settings", Map.of("topic", topic)));
        String activation = KIT.create(port, "/api/activations", Map.of("name", "out", "segmentId", "kafka-out",
                "destinationId", destination, "mode", "TRIGGER"));

        KIT.publish(ActivationKit.entered(kim.id(), "kafka-out", "k1"));
        KIT.publish(ActivationKit.entered(kim.id(), "kafka-out", "k1"));

        String key = Delivery.key(kim.id().value(), activation, "k1", "entered");
        await(Duration.ofMinutes(1), () -> state(key).equals("SENT"), "the Kafka output");
        List<ConsumerRecord<String, String>> records = readAll(topic);
        assertThat(records).hasSize(1);
        assertThat(records.get(0).key()).isEqualTo(kim.id().value());
        JsonNode body = ActivationKit.JSON.readTree(records.get(0).value());
        assertThat(body.path("deliveryId").asString()).isEqualTo(key);
        assertThat(body.path("type").asString()).isEqualTo("segment.entered");
    }

    private ProfileSnapshot profile(String userId) {
        return KIT.profile(profiles, userId, Map.of("plan", "gold"), Map.of());
    }

    private JsonNode delivery(String key) {
        return KIT.delivery(port, key);
    }

    private String state(String key) {
        return delivery(key).path("state").asString("");
    }

    private static String hmac(String key, String value) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    }

    /** Everything on the topic from the beginning, read until a poll comes back empty. */
    private static List<ConsumerRecord<String, String>> readAll(String topic) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + KIT.name, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            int empty = 0;
            while (empty < 3) {
                var polled = consumer.poll(Duration.ofSeconds(2));
                polled.forEach(records::add);
                empty = polled.isEmpty() && !consumer.assignment().isEmpty() ? empty + 1 : 0;
            }
        }
        return records;
    }
}
