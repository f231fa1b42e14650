package io.cdp.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

import io.cdp.localstack.TestStack;
import io.cdp.platform.EventIngested;
import io.cdp.platform.EventType;
import io.cdp.platform.Topics;
import io.micrometer.core.instrument.MeterRegistry;

@SpringBootTest(classes = ProfileStoreTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProfileScenariosIT {

    private static final TestKit KIT = new TestKit("scenarios", 3);
    private static final Instant T0 = Instant.parse("2026-10-01T10:00:00Z");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        KIT.register(registry, 2);
    }

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    private RestClient http;
    private final List<EventIngested> sent = new ArrayList<>();
    private KafkaTemplate<String, EventIngested> producer;

    @BeforeAll
    void sendScenarioEvents() {
        http = RestClient.create("http://127.0.0.1:" + port);
        producer = KIT.producer();
        // anonymous visitor browses, then buys as a known customer on another partition, then identifies
        add(TestKit.event("m1", EventType.PAGE, null, null, "anon-1", T0, null, null, null));
        add(TestKit.event("m2", EventType.TRACK, "Order Completed", "user-1", null, T0.plusSeconds(60), null,
                Map.of("revenue", 40.5), null));
        // two profiles first, so that the identify merges them rather than landing in one batch with them
        TestKit.await(Duration.ofSeconds(60), () -> KIT.timelineCount() == 2, "the visitor's and the customer's events");
        add(TestKit.event("m3", EventType.IDENTIFY, null, "user-1", "anon-1", T0.plusSeconds(120),
                Map.of("email", " Ann@Example.COM ", "name", "Ann"), null, null));
        // the same customer clicks an email on a second device: only the email links it
        add(TestKit.event("m4", EventType.PAGE, null, null, "device-2", T0.plusSeconds(3600), null, null,
                Map.of("traits", Map.of("email", "ann@example.com"))));
        // in-store purchase identified only by a loyalty card
        add(TestKit.event("m5", EventType.IDENTIFY, null, "user-1", null, T0.plusSeconds(200), null, null,
                Map.of("externalIds", List.of(Map.of("id", "LC-77", "type", "loyalty_card", "collection", "users",
                        "encoding", "none")))));
        add(TestKit.event("m6", EventType.TRACK, "Order Completed", null, "pos-terminal-9", T0.plusSeconds(7200),
                null, Map.of("total", "59.5"), Map.of("externalIds", List.of(Map.of("id", "LC-77",
                        "type", "loyalty_card", "collection", "users", "encoding", "none")))));
        // two different people sharing an email: never merged
        add(TestKit.event("m7", EventType.IDENTIFY, null, "user-2", null, T0, Map.of("email", "shared@example.com"),
                null, null));
        add(TestKit.event("m8", EventType.IDENTIFY, null, "user-3", null, T0.plusSeconds(10),
                Map.of("email", "shared@example.com"), null, null));
        // junk values link nothing
        add(TestKit.event("m9", EventType.IDENTIFY, null, null, "anon-junk-1", T0, Map.of("email", "test@test.com"),
                null, null));
        add(TestKit.event("m10", EventType.IDENTIFY, null, null, "anon-junk-2", T0, Map.of("email", "test@test.com",
                "phone", "undefined"), null, null));
        // alias links an earlier anonymous id
        add(new EventIngested("m11", "web", EventType.PAGE, null, null, null, "anon-old", null, null, T0, T0, null,
                null, null, null));
        add(new EventIngested("m12", "web", EventType.ALIAS, null, null, "user-4", null, "anon-old", null,
                T0.plusSeconds(5), T0.plusSeconds(5), null, null, null, null));
        // a client retry of m2: must not count twice
        add(TestKit.event("m2", EventType.TRACK, "Order Completed", "user-1", null, T0.plusSeconds(60), null,
                Map.of("revenue", 40.5), null));
        // every identifier is junk: the event is dead-lettered
        add(TestKit.event("m13", EventType.PAGE, null, "null", "undefined", T0, null, null, null));
        TestKit.await(Duration.ofSeconds(90), () -> KIT.timelineCount() == 12, "12 timeline events");
    }

    private void add(EventIngested event) {
        sent.add(event);
        KIT.send(producer, List.of(event));
    }

    @AfterAll
    void cleanUp() {
        KIT.cleanUp();
    }

    private Map<String, Object> lookup(String type, String value) {
        return http.get().uri("/api/profiles/lookup?type={t}&value={v}", type, value).retrieve()
                .body(new ParameterizedTypeReference<>() { });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> part(Map<String, Object> map, String... path) {
        Map<String, Object> current = map;
        for (String key : path) {
            current = (Map<String, Object>) current.get(key);
        }
        return current;
    }

    @Test
    void mergesAnonymousVisitorIntoCustomerOnIdentify() {
        Map<String, Object> byUser = lookup("userId", "user-1");
        Map<String, Object> byAnon = lookup("anonymousId", "anon-1");
        assertThat(byAnon.get("profileId")).isEqualTo(byUser.get("profileId"));
        Map<String, Object> commerce = part(byUser, "profile", "commerce");
        assertThat(((Number) commerce.get("orders")).intValue()).isEqualTo(2);
        assertThat(new BigDecimal(commerce.get("revenue").toString())).isEqualByComparingTo("100.0");
        assertThat(part(byUser, "profile", "traits", "name").get("value")).isEqualTo("Ann");
        List<String> absorbed = (List<String>) part(byUser, "profile").get("absorbedProfiles");
        assertThat(absorbed).isNotEmpty();
        Map<String, Object> viaOldId = http.get().uri("/api/profiles/{id}", absorbed.get(0)).retrieve()
                .body(new ParameterizedTypeReference<>() { });
        assertThat(viaOldId.get("profileId")).isEqualTo(byUser.get("profileId"));
        assertThat(viaOldId.get("redirected")).isEqualTo(true);
    }

    @Test
    void linksEmailClickOnAnotherDeviceAndInStorePurchaseByLoyaltyCard() {
        Object profileId = lookup("userId", "user-1").get("profileId");
        assertThat(lookup("anonymousId", "device-2").get("profileId")).isEqualTo(profileId);
        assertThat(lookup("loyalty_card", "LC-77").get("profileId")).isEqualTo(profileId);
        assertThat(lookup("email", "ANN@example.com").get("profileId")).isEqualTo(profileId);
        Map<String, Object> events = http.get().uri("/api/profiles/{id}/events?page=0&size=3", profileId).retrieve()
                .body(new ParameterizedTypeReference<>() { });
        assertThat(((Number) events.get("total")).intValue()).isEqualTo(6);
        List<Map<String, Object>> items = (List<Map<String, Object>>) events.get("items");
        assertThat(items).hasSize(3);
        assertThat(items.get(0).get("messageId")).isEqualTo("m6");
    }

    @Test
    void filtersTheTimelineByTrackEventNameOrCallType() {
        Object profileId = lookup("userId", "user-1").get("profileId");
        Map<String, Object> orders = http.get().uri("/api/profiles/{id}/events?event={event}", profileId,
                "Order Completed").retrieve().body(new ParameterizedTypeReference<>() { });
        assertThat(((Number) orders.get("total")).intValue()).isEqualTo(2);
        assertThat((List<Map<String, Object>>) orders.get("items")).extracting(e -> e.get("messageId"))
                .containsExactly("m6", "m2");
        Map<String, Object> pages = http.get().uri("/api/profiles/{id}/events?event=page", profileId).retrieve()
                .body(new ParameterizedTypeReference<>() { });
        assertThat((List<Map<String, Object>>) pages.get("items")).extracting(e -> e.get("messageId"))
                .containsExactly("m4", "m1");
    }

    @Test
    void neverMergesTwoUserIdsAndRecordsTheConflict() {
        Object first = lookup("userId", "user-2").get("profileId");
        Object second = lookup("userId", "user-3").get("profileId");
        assertThat(first).isNotEqualTo(second);
        List<Map<String, Object>> conflicts = http.get().uri("/api/profiles/{id}/conflicts", second).retrieve()
                .body(new ParameterizedTypeReference<>() { });
        List<Map<String, Object>> other = http.get().uri("/api/profiles/{id}/conflicts", first).retrieve()
                .body(new ParameterizedTypeReference<>() { });
        assertThat(conflicts.size() + other.size()).isGreaterThanOrEqualTo(2);
        assertThat(conflicts).extracting(c -> c.get("identifierType")).containsOnly("email");
    }

    @Test
    void countsMergesAndConflictsInItsMetrics() {
        // the identify of user-1 merges the visitor's profile; user-2 and user-3 share an email
        TestKit.await(Duration.ofSeconds(60), () -> meters.counter("cdp.profile.merges").count() >= 1
                && meters.counter("cdp.profile.conflicts").count() >= 1, "a merge and a conflict counted");
        assertThat(meters.counter("cdp.profile.events.processed").count()).isPositive();
    }

    @Test
    void junkValuesDoNotLinkAnything() {
        assertThat(lookup("anonymousId", "anon-junk-1").get("profileId"))
                .isNotEqualTo(lookup("anonymousId", "anon-junk-2").get("profileId"));
        try {
            lookup("email", "test@test.com");
            throw new AssertionError("expected 400");
        } catch (HttpClientErrorException e) {
            assertThat(e.getStatusCode().value()).isEqualTo(400);
        }
    }

    @Test
    void aliasLinksThePreviousAnonymousId() {
        assertThat(lookup("anonymousId", "anon-old").get("profileId"))
                .isEqualTo(lookup("userId", "user-4").get("profileId"));
    }

    @Test
    void searchesByTraitAndOrders() {
        Map<String, Object> page = http.get().uri("/api/profiles?trait.name=Ann&minOrders=2&page=0&size=10")
                .retrieve().body(new ParameterizedTypeReference<>() { });
        assertThat(((Number) page.get("total")).intValue()).isEqualTo(1);
    }

    @Test
    void rejectsBadPagingWithTheFieldAndRule() {
        try {
            http.get().uri("/api/profiles?size=0").retrieve().body(String.class);
            throw new AssertionError("expected 400");
        } catch (HttpClientErrorException e) {
            assertThat(e.getStatusCode().value()).isEqualTo(400);
            assertThat(e.getResponseBodyAsString()).contains("\"field\":\"size\"");
        }
    }

    @Test
    void erasesEverythingAboutAPersonOnRequest() {
        Object profileId = lookup("userId", "user-4").get("profileId");
        Map<String, Object> export = http.get().uri("/api/profiles/{id}/export", profileId).retrieve()
                .body(new ParameterizedTypeReference<>() { });
        assertThat((List<?>) export.get("events")).hasSize(2);
        http.delete().uri("/api/profiles/{id}", profileId).retrieve().toBodilessEntity();
        assertThatNotFound(() -> lookup("userId", "user-4"));
        assertThatNotFound(() -> lookup("anonymousId", "anon-old"));
        assertThatNotFound(() -> http.get().uri("/api/profiles/{id}", profileId).retrieve().body(String.class));

        // the other modules hear of it, with the merged-away profiles they may hold data about too
        List<ConsumerRecord<String, String>> erased = readAll(Topics.PROFILE_CHANGES,
                r -> profileId.equals(r.key()) && r.value().contains("\"type\":\"ProfileErased\""));
        assertThat(erased.get(0).value()).contains("\"profileId\":\"" + profileId + "\"");
        for (Object merged : (List<?>) export.get("mergedProfiles")) {
            assertThat(erased.get(0).value()).contains("\"" + ((Map<?, ?>) merged).get("id") + "\"");
        }
    }

    @Autowired
    Profiles profiles;

    @Test
    void givesOtherModulesTheLiveProfileByIdIdentifierAndScan() {
        ProfileSnapshot ann = profiles.findByIdentifier("email", " ANN@example.com").orElseThrow();
        assertThat(ann.userId()).isEqualTo("user-1");
        assertThat(ann.known()).isTrue();
        assertThat(ann.email()).contains("ann@example.com");
        assertThat(ann.identifier("ext:loyalty_card")).contains("LC-77");
        assertThat(ann.traits()).containsEntry("name", "Ann");
        assertThat(ann.commerce().orders()).isEqualTo(2);
        assertThat(ann.commerce().revenue()).isEqualByComparingTo("100.0");
        assertThat(ann.commerce().averageOrderValue()).isEqualByComparingTo("50.00");
        assertThat(ann.rollups().get(LocalDate.parse("2026-10-01")).events())
                .containsEntry("Order Completed", 2L);

        ProfileId absorbed = ProfileId.of(lookupAbsorbed(ann.id()));
        assertThat(profiles.find(absorbed)).map(ProfileSnapshot::id).contains(ann.id());
        assertThat(profiles.findAll(List.of(absorbed, ann.id()))).extracting(ProfileSnapshot::id)
                .containsExactly(ann.id());
        List<ProfileSnapshot> identitiesOnly = profiles.findIdentities(List.of(absorbed, ann.id()));
        assertThat(identitiesOnly).extracting(ProfileSnapshot::id).containsExactly(ann.id());
        assertThat(identitiesOnly.get(0).identities()).containsExactlyInAnyOrderElementsOf(ann.identities());
        assertThat(identitiesOnly.get(0).consent()).isEqualTo(ann.consent());
        assertThat(identitiesOnly.get(0).traits()).isEmpty();
        assertThat(profiles.findByIdentifier("email", "nobody@example.com")).isEmpty();

        refreshProfiles();
        List<ProfileSnapshot> scanned = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        profiles.scan(null, 2, page -> {
            scanned.addAll(page);
            pageSizes.add(page.size());
        });
        assertThat(scanned).extracting(ProfileSnapshot::id).doesNotHaveDuplicates().contains(ann.id())
                .doesNotContain(absorbed).isSorted();
        assertThat(pageSizes).allMatch(size -> size <= 2);
        List<ProfileSnapshot> resumed = new ArrayList<>();
        profiles.scan(scanned.get(1).id(), 2, resumed::addAll);
        assertThat(resumed).isEqualTo(scanned.subList(2, scanned.size()));
    }

    @SuppressWarnings("unchecked")
    private String lookupAbsorbed(ProfileId survivor) {
        Map<String, Object> view = http.get().uri("/api/profiles/{id}", survivor.value()).retrieve()
                .body(new ParameterizedTypeReference<>() { });
        return ((List<String>) part(view, "profile").get("absorbedProfiles")).get(0);
    }

    private static void refreshProfiles() {
        try {
            KIT.elasticsearch.indices().refresh(r -> r.index(KIT.prefix + "profiles"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void publishesChangesAndMergesKeyedByProfileId() {
        Object profileId = lookup("userId", "user-1").get("profileId");
        List<ConsumerRecord<String, String>> records = readAll(Topics.PROFILE_CHANGES,
                r -> profileId.equals(r.key()) && r.value().contains("mergedIds"));
        assertThat(records).isNotEmpty();
        assertThat(records.get(0).value()).contains("\"survivorId\":\"" + profileId + "\"")
                .contains("\"type\":\"ProfileMerged\"");
        List<ConsumerRecord<String, String>> changes = readAll(Topics.PROFILE_CHANGES,
                r -> r.value().contains("\"causeMessageId\":\"m6\""));
        assertThat(changes.get(0).value()).contains("commerce").contains("\"type\":\"ProfileChanged\"");
        assertThat(changes.get(0).key()).hasSize(28);
    }

    private static List<ConsumerRecord<String, String>> readAll(String topic,
            Predicate<ConsumerRecord<String, String>> wanted) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestStack.get().kafkaBootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG,
                "reader-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> found = new ArrayList<>();
            TestKit.await(Duration.ofSeconds(60), () -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (wanted.test(r)) {
                        found.add(r);
                    }
                });
                return !found.isEmpty();
            }, "records on " + topic);
            return found;
        }
    }

    @Test
    void deadLettersAnEventWhoseIdentifiersAreAllJunkWithTheReason() {
        ConsumerRecord<String, String> record = readAll(KIT.deadLetterTopic, r -> true).get(0);
        assertThat(record.value()).contains("\"m13\"");
        assertThat(new String(record.headers().lastHeader("cdp-failure-reason").value()))
                .contains("UnresolvableEventException");
        assertThat(record.headers().lastHeader("kafka_dlt-exception-fqcn")).isNotNull();
        assertThat(record.headers().lastHeader("kafka_dlt-exception-message")).isNull();
    }

    private static void assertThatNotFound(Runnable call) {
        try {
            call.run();
            throw new AssertionError("expected 404");
        } catch (HttpClientErrorException e) {
            assertThat(e.getStatusCode().value()).isEqualTo(404);
        }
    }
}
