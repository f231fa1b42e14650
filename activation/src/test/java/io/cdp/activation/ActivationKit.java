package io.cdp.activation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.DynamicPropertyRegistry;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.cdp.localstack.TestStack;
import io.cdp.platform.elasticsearch.ElasticsearchClients;
import io.cdp.platform.EventIngested;
import io.cdp.platform.EventType;
import io.cdp.profile.ProfileId;
import io.cdp.profile.ProfileSnapshot;
import io.cdp.profile.Profiles;
import io.cdp.segmentation.MembershipEvent;
import io.cdp.segmentation.SegmentEntered;
import io.cdp.segmentation.SegmentExited;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Per-class indices and topics on the real stack, a real producer for the events and membership
 * topics (the segmentation engine's role), the activation API over HTTP, and waiting. Registered as an extension
 * ({@code @RegisterExtension static final ActivationKit KIT}), it deletes its indices after the test class.
 */
public final class ActivationKit implements AfterAllCallback {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    public static final String SECRETS_KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static final String ALLOWED_NETWORKS = "cdp.activation.allowed-networks";

    public final String name;
    public final String prefix;
    public final String eventsTopic;
    public final String membershipsTopic;
    public final ElasticsearchClient elasticsearch;
    private final KafkaProducer<String, String> producer;

    public ActivationKit(String testName) {
        this.name = testName.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.prefix = "cdp-t-" + name + "-";
        this.eventsTopic = "cdp.events." + name;
        this.membershipsTopic = "cdp.memberships." + name;
        this.elasticsearch = ElasticsearchClients.create(TestStack.get().elasticsearchUrl());
        TestStack.get().createTopics(3, eventsTopic, membershipsTopic);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestStack.get().kafkaBootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer());
    }

    public void register(DynamicPropertyRegistry registry) {
        register(registry, Map.of());
    }

    /** The kit's properties and the test class's own settings, which win over them. */
    public void register(DynamicPropertyRegistry registry, Map<String, String> settings) {
        Map<String, String> all = properties();
        all.putAll(settings);
        all.forEach((k, v) -> registry.add(k, () -> v));
    }

    /** The properties without the allow-list: loopback, private networks and link-local are refused. */
    public void registerWithoutAllowList(DynamicPropertyRegistry registry) {
        properties().forEach((k, v) -> {
            if (!k.equals(ALLOWED_NETWORKS)) {
                registry.add(k, () -> v);
            }
        });
    }

    public Map<String, String> properties() {
        Map<String, String> p = new HashMap<>();
        p.put("cdp.elasticsearch.url", TestStack.get().elasticsearchUrl());
        p.put("spring.kafka.bootstrap-servers", TestStack.get().kafkaBootstrapServers());
        p.put("cdp.profile.index-prefix", prefix);
        p.put("cdp.profile.events-topic", eventsTopic);
        p.put("cdp.profile.dead-letter-topic", eventsTopic + ".dlt");
        p.put("cdp.profile.consumer-group", "cdp-profile-store-" + name);
        p.put("cdp.profile.concurrency", "1");
        p.put("cdp.profile.default-phone-region", "DE");
        p.put("cdp.activation.index-prefix", prefix);
        p.put("cdp.activation.events-topic", eventsTopic);
        p.put("cdp.activation.memberships-topic", membershipsTopic);
        p.put("cdp.activation.consumer-group", "cdp-activation-" + name);
        p.put("cdp.activation.conversion-group", "cdp-activation-conversions-" + name);
        p.put("cdp.activation.erasure-group", "cdp-activation-erasure-" + name);
        // the local servers standing in for destinations listen on loopback, which only an allow-list opens
        p.put(ALLOWED_NETWORKS, "127.0.0.1");
        p.put("cdp.activation.secrets-key", SECRETS_KEY);
        p.put("cdp.activation.public-base-url", "http://cdp.test");
        p.put("cdp.activation.default-phone-region", "DE");
        p.put("cdp.activation.retry.initial", "100ms");
        p.put("cdp.activation.retry.max", "1s");
        p.put("cdp.activation.dispatch.interval", "200ms");
        return p;
    }

    /** Sends and waits for the broker's acknowledgement. */
    public void publish(String topic, String key, Object value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, JSON.writeValueAsString(value))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public void publish(EventIngested event) {
        publish(eventsTopic, event.partitionKey(), event);
    }

    public void publish(MembershipEvent event) {
        publish(membershipsTopic, event.profileId().value(), event);
    }

    public static SegmentEntered entered(ProfileId profile, String segment, String entryId) {
        return entered(profile, segment, entryId, Instant.now());
    }

    public static SegmentEntered entered(ProfileId profile, String segment, String entryId, Instant at) {
        return new SegmentEntered(profile, segment, entryId, "test", at);
    }

    public static SegmentExited exited(ProfileId profile, String segment, String entryId) {
        return new SegmentExited(profile, segment, entryId, "test", Instant.now());
    }

    /** An identify with traits and consent per category, as an SDK would send it. */
    public static EventIngested identify(String userId, Map<String, Object> traits, Map<String, Boolean> consent) {
        Instant now = Instant.now();
        return new EventIngested(UUID.randomUUID().toString(), "web", EventType.IDENTIFY, null, null, userId, null,
                null, null, now, now, traits, Map.of(), Map.of("consent", Map.of("categoryPreferences", consent)),
                Map.of());
    }

    /** Publishes an identify and waits until the profile store holds the person. */
    public ProfileSnapshot profile(Profiles profiles, String userId, Map<String, Object> traits,
            Map<String, Boolean> consent) {
        publish(identify(userId, traits, consent));
        await(Duration.ofMinutes(1), () -> profiles.findByIdentifier("userId", userId).isPresent(), "profile " + userId);
        return profiles.findByIdentifier("userId", userId).orElseThrow();
    }

    /** An Order Completed whose order id is its messageId. */
    public static EventIngested order(String userId, String messageId, BigDecimal revenue, List<Map<String, Object>> products) {
        Instant now = Instant.now();
        return new EventIngested(messageId, "web", EventType.TRACK, "Order Completed", null, userId, null, null,
                null, now, now, Map.of(), Map.of("order_id", messageId, "revenue", revenue, "products", products),
                Map.of(), Map.of());
    }

    /** An Order Refunded taking {@code amount} back from the order {@code orderId}. */
    public static EventIngested refund(String userId, String messageId, String orderId, BigDecimal amount) {
        Instant now = Instant.now();
        return new EventIngested(messageId, "web", EventType.TRACK, "Order Refunded", null, userId, null, null,
                null, now, now, Map.of(), Map.of("order_id", orderId, "revenue", amount), Map.of(), Map.of());
    }

    public HttpResponse<String> call(int port, String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body)))
                    .header("Content-Type", "application/json");
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates through the API and returns the new resource's id. */
    public String create(int port, String path, Object body) {
        HttpResponse<String> response = call(port, "POST", path, body);
        if (response.statusCode() != 201) {
            throw new AssertionError("POST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body()).path("id").asString();
    }

    /** The delivery log, newest first, filtered by the query string ({@code activationId=…&profileId=…}). */
    public List<JsonNode> deliveries(int port, String query) {
        HttpResponse<String> response = call(port, "GET", "/api/deliveries?size=500&" + query, null);
        if (response.statusCode() != 200) {
            throw new AssertionError("the delivery log answered " + response.statusCode() + ": " + response.body());
        }
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(response.body()).forEach(out::add);
        return out;
    }

    /** One delivery by its idempotency key; an empty object while it is not in the log. */
    public JsonNode delivery(int port, String key) {
        return deliveries(port, "").stream().filter(d -> d.path("key").asString().equals(key)).findFirst()
                .orElse(JSON.createObjectNode());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        cleanUp();
    }

    public void cleanUp() {
        producer.close();
        try {
            elasticsearch.indices().delete(d -> d.index(prefix + "*").allowNoIndices(true).ignoreUnavailable(true));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void await(Duration timeout, BooleanSupplier condition, String what) {
        io.cdp.localstack.Await.until(timeout, condition, what);
    }

    /** Waits until activation has stored this many entries (current or ended) of the segment. */
    public void awaitEntries(String segment, long count) {
        await(Duration.ofMinutes(1), () -> {
            try {
                elasticsearch.indices().refresh(r -> r.index(prefix + "act-entries"));
                return elasticsearch.count(c -> c.index(prefix + "act-entries")
                        .query(q -> q.term(t -> t.field("segmentId").value(segment)))).count() == count;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, count + " entries of " + segment);
    }
}
