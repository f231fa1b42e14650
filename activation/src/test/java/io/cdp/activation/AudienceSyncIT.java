package io.cdp.activation;

import static io.cdp.activation.ActivationKit.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.cdp.activation.RecordingHttpServer.Reply;
import io.cdp.platform.EventIngested;
import io.cdp.platform.EventType;
import io.cdp.platform.Sha256;
import io.cdp.profile.ProfileId;
import io.cdp.profile.ProfileSnapshot;
import io.cdp.segmentation.SegmentExited;
import tools.jackson.databind.JsonNode;

/**
 * Audience syncs against a real local HTTP server standing in for Meta, Google Ads and a CRM:
 * full sync of current members, incremental adds and removes, platform batch limits, consent,
 * Retry-After, dead letters retried from the API. Payloads are asserted exactly.
 */
class AudienceSyncIT extends ActivationItSupport {

    private static final ActivationKit KIT = new ActivationKit("audience");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        KIT.register(registry);
        registry.add("cdp.activation.limits.meta-rows", () -> "1");
        registry.add("cdp.activation.limits.google-identifiers", () -> "3");
    }

    @AfterAll
    static void cleanUp() {
        KIT.cleanUp();
    }

    @Test
    void keepsAMetaAudienceEqualToTheSegmentWithinTheRowLimit() {
        try (RecordingHttpServer meta = new RecordingHttpServer()) {
            ProfileSnapshot dana = profile("m-dana", "Dana@Example.com", "+49 151 12345678", true);
            ProfileSnapshot erik = profile("m-erik", "erik@example.com", null, true);
            ProfileSnapshot fay = profile("m-fay", "fay@example.com", null, false);
            ProfileSnapshot gus = profile("m-gus", "gus@example.com", null, true);
            KIT.publish(ActivationKit.entered(dana.id(), "meta", "meta-1"));
            KIT.publish(ActivationKit.entered(erik.id(), "meta", "meta-2"));
            KIT.awaitEntries("meta", 2);
            String destination = KIT.create(port, "/api/destinations", Map.of("name", "meta", "kind", "META",
                    "settings", Map.of("baseUrl", meta.baseUrl() + "/v21.0", "audienceId", "aud-1"),
                    "secrets", Map.of("accessToken", "meta-token")));

            String activation = KIT.create(port, "/api/activations", Map.of("name", "meta sync", "segmentId", "meta",
                    "destinationId", destination, "mode", "AUDIENCE_SYNC"));

            await(Duration.ofMinutes(1), () -> syncState(activation).equals("DONE"), "the full sync");
            assertThat(meta.requests()).extracting(r -> r.method() + " " + r.path() + " " + r.body()).containsExactly(
                    "POST /v21.0/aud-1/users " + metaBody(sha("dana@example.com"), sha("4915112345678")),
                    "POST /v21.0/aud-1/users " + metaBody(sha("erik@example.com"), ""));
            assertThat(meta.requests()).allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer meta-token"));

            meta.clear();
            meta.failNext(new Reply(429, Map.of("Retry-After", "1"), "{}"));
            KIT.publish(ActivationKit.entered(fay.id(), "meta", "meta-3"));
            KIT.publish(ActivationKit.exited(dana.id(), "meta", "meta-1"));
            await(Duration.ofMinutes(1), () -> meta.requests().size() == 2, "the removal and its retry");
            assertThat(meta.requests()).extracting(r -> r.method() + " " + r.body()).containsExactly(
                    "DELETE " + metaBody(sha("dana@example.com"), sha("4915112345678")),
                    "DELETE " + metaBody(sha("dana@example.com"), sha("4915112345678")));
            // the retry waited for Retry-After, as the server saw it
            assertThat(meta.requests().get(1).receivedAt())
                    .isAfterOrEqualTo(meta.requests().get(0).receivedAt().plusSeconds(1));

            meta.clear();
            meta.failNext(new Reply(400, Map.of(), "{\"error\":{\"message\":\"invalid\"}}"));
            KIT.publish(ActivationKit.entered(gus.id(), "meta", "meta-4"));
            await(Duration.ofMinutes(1), () -> deadLetters().size() == 1, "the refused change as a dead letter");
            JsonNode letter = deadLetters().get(0);
            assertThat(letter.path("reason").asString())
                    .isEqualTo("permanent DestinationException: meta add users answered HTTP 400");
            assertThat(letter.path("adds").get(0).asString()).isEqualTo(gus.id().value());

            assertThat(KIT.call(port, "POST", "/api/deliveries/dead-letters/" + letter.path("id").asString() + "/retry",
                    null).statusCode()).isEqualTo(202);
            assertThat(meta.requests()).extracting(r -> r.method() + " " + r.body()).containsExactly(
                    "POST " + metaBody(sha("gus@example.com"), ""), "POST " + metaBody(sha("gus@example.com"), ""));
            assertThat(deadLetters()).isEmpty();
        }
    }

    @Test
    void aVisitorMergedIntoAMemberLeavesWithoutTakingTheMemberOutOfTheAudience() {
        try (RecordingHttpServer meta = new RecordingHttpServer()) {
            ProfileSnapshot sam = profile("mg-sam", "sam@example.com", null, true);
            Instant now = Instant.now();
            KIT.publish(new EventIngested("mg-visit", "web", EventType.IDENTIFY, null, null, null, "mg-anon", null, null,
                    now, now, Map.of("email", "sam.home@example.com"), Map.of(),
                    Map.of("consent", Map.of("categoryPreferences", Map.of("ads", true))), Map.of()));
            await(Duration.ofMinutes(1), () -> profiles.findByIdentifier("anonymousId", "mg-anon").isPresent(),
                    "the visitor's profile");
            ProfileId visitor = profiles.findByIdentifier("anonymousId", "mg-anon").orElseThrow().id();
            KIT.publish(ActivationKit.entered(sam.id(), "merge", "merge-1"));
            KIT.publish(ActivationKit.entered(visitor, "merge", "merge-2"));
            KIT.awaitEntries("merge", 2);
            String destination = KIT.create(port, "/api/destinations", Map.of("name", "meta merge", "kind", "META",
                    "settings", Map.of("baseUrl", meta.baseUrl() + "/v21.0", "audienceId", "aud-merge"),
                    "secrets", Map.of("accessToken", "meta-token")));
            String activation = KIT.create(port, "/api/activations", Map.of("name", "merge sync", "segmentId", "merge",
                    "destinationId", destination, "mode", "AUDIENCE_SYNC"));
            await(Duration.ofMinutes(1), () -> syncState(activation).equals("DONE"), "the full sync");

            // the visitor logs in: merged into Sam, and segmentation lets the merged-away id exit
            KIT.publish(new EventIngested("mg-login", "web", EventType.IDENTIFY, null, null, "mg-sam", "mg-anon", null,
                    null, now, now, Map.of(), Map.of(), Map.of(), Map.of()));
            await(Duration.ofMinutes(1), () -> profiles.find(visitor).map(p -> p.id().equals(sam.id())).orElse(false),
                    "the merge");
            meta.clear();
            KIT.publish(KIT.membershipsTopic, visitor.value(), new SegmentExited(visitor, "merge", "merge-2",
                    "merged-into:" + sam.id().value(), Instant.now()));
            // queued behind the exit on its partition: once it is sent, the exit has been handled
            ProfileSnapshot tia = profile("mg-tia", "tia@example.com", null, true);
            KIT.publish(KIT.membershipsTopic, visitor.value(), ActivationKit.entered(tia.id(), "merge", "merge-3"));
            await(Duration.ofMinutes(1), () -> !meta.requests().isEmpty(), "the next member's add");
            assertThat(meta.requests()).extracting(r -> r.method() + " " + r.body())
                    .containsExactly("POST " + metaBody(sha("tia@example.com"), ""));
        }
    }

    @Test
    void aFullSyncMakesAnAudienceThatHeldOthersEqualToTheSegmentAndReportsItsProgress() {
        try (RecordingHttpServer meta = new RecordingHttpServer()) {
            ProfileSnapshot hugo = profile("f-hugo", "hugo@example.com", null, true);
            ProfileSnapshot iris = profile("f-iris", "iris@example.com", null, true);
            ProfileSnapshot jon = profile("f-jon", "jon@example.com", null, false);
            ProfileSnapshot kai = profile("f-kai", "kai@example.com", null, true);
            for (ProfileSnapshot p : List.of(hugo, iris, jon, kai)) {
                KIT.publish(ActivationKit.entered(p.id(), "full", "full-" + p.userId()));
            }
            KIT.publish(ActivationKit.exited(iris.id(), "full", "full-f-iris"));
            KIT.awaitEntries("full", 4);
            await(Duration.ofMinutes(1), () -> currentMembers("full") == 3, "iris's exit");
            // what the audience holds already: a former member and one who has withdrawn consent
            // since (both added by us earlier), and someone another tool added
            Set<String> audience = new HashSet<>(Set.of(sha("iris@example.com"), sha("jon@example.com"),
                    sha("zed@example.com")));
            String destination = KIT.create(port, "/api/destinations", Map.of("name", "meta", "kind", "META",
                    "settings", Map.of("baseUrl", meta.baseUrl(), "audienceId", "aud-full"),
                    "secrets", Map.of("accessToken", "meta-token")));

            String activation = KIT.create(port, "/api/activations", Map.of("name", "full sync", "segmentId", "full",
                    "destinationId", destination, "mode", "AUDIENCE_SYNC"));

            await(Duration.ofMinutes(1), () -> syncState(activation).equals("DONE"), "the full sync");
            for (RecordingHttpServer.Request request : meta.requests()) {
                json(request.body()).path("payload").path("data").forEach(row -> {
                    if (request.method().equals("POST")) {
                        audience.add(row.get(0).asString());
                    } else {
                        audience.remove(row.get(0).asString());
                    }
                });
            }
            assertThat(audience).containsExactlyInAnyOrder(sha("hugo@example.com"), sha("kai@example.com"),
                    sha("zed@example.com"));
            JsonNode status = json(KIT.call(port, "GET", "/api/activations/" + activation + "/sync", null).body());
            assertThat(status.path("pages").asLong()).isEqualTo(1);
            assertThat(status.path("total").asLong()).isEqualTo(4);
            assertThat(status.path("scanned").asLong()).isEqualTo(4);
            assertThat(status.path("added").asLong()).isEqualTo(2);
            assertThat(status.path("removed").asLong()).isEqualTo(2);
            assertThat(status.path("removedNoConsent").asLong()).isEqualTo(1);
            assertThat(status.path("cursor").asString()).isEqualTo("full-f-kai");
        }
    }

    @Test
    void syncsGoogleCustomerMatchThroughAnOfflineUserDataJobWithinTheIdentifierLimit() {
        try (RecordingHttpServer google = new RecordingHttpServer()) {
            google.answer(path -> path.endsWith(":create")
                    ? "{\"resourceName\":\"customers/123/offlineUserDataJobs/job-9\"}" : "{}");
            ProfileSnapshot dana = profile("g-dana", "g-dana@example.com", "+49 151 11111111", true);
            ProfileSnapshot erik = profile("g-erik", "g-erik@example.com", null, true);
            ProfileSnapshot hana = profile("g-hana", "g-hana@example.com", "+1 415 555 0100", true);
            for (ProfileSnapshot p : List.of(dana, erik, hana)) {
                KIT.publish(ActivationKit.entered(p.id(), "google", "google-" + p.userId()));
            }
            KIT.awaitEntries("google", 3);
            String destination = KIT.create(port, "/api/destinations", Map.of("name", "google", "kind", "GOOGLE_ADS",
                    "settings", Map.of("baseUrl", google.baseUrl() + "/v18", "customerId", "123", "userListId", "456"),
                    "secrets", Map.of("accessToken", "g-token", "developerToken", "dev-token")));

            String activation = KIT.create(port, "/api/activations", Map.of("name", "google sync",
                    "segmentId", "google", "destinationId", destination, "mode", "AUDIENCE_SYNC"));

            await(Duration.ofMinutes(1), () -> syncState(activation).equals("DONE"), "the full sync");
            List<RecordingHttpServer.Request> requests = google.requests();
            assertThat(requests).extracting(RecordingHttpServer.Request::path).containsExactly(
                    "/v18/customers/123/offlineUserDataJobs:create",
                    "/v18/customers/123/offlineUserDataJobs/job-9:addOperations",
                    "/v18/customers/123/offlineUserDataJobs/job-9:addOperations",
                    "/v18/customers/123/offlineUserDataJobs/job-9:run");
            assertThat(requests.get(0).body()).isEqualTo("{\"job\":{\"type\":\"CUSTOMER_MATCH_USER_LIST\","
                    + "\"customerMatchUserListMetadata\":{\"userList\":\"customers/123/userLists/456\"}}}");
            assertThat(requests.get(1).body()).isEqualTo("{\"enablePartialFailure\":true,\"operations\":["
                    + "{\"create\":{\"userIdentifiers\":[{\"hashedEmail\":\"" + sha("g-dana@example.com") + "\"},"
                    + "{\"hashedPhoneNumber\":\"" + sha("+4915111111111") + "\"}]}},"
                    + "{\"create\":{\"userIdentifiers\":[{\"hashedEmail\":\"" + sha("g-erik@example.com") + "\"}]}}]}");
            assertThat(requests.get(2).body()).isEqualTo("{\"enablePartialFailure\":true,\"operations\":["
                    + "{\"create\":{\"userIdentifiers\":[{\"hashedEmail\":\"" + sha("g-hana@example.com") + "\"},"
                    + "{\"hashedPhoneNumber\":\"" + sha("+14155550100") + "\"}]}}]}");
            assertThat(requests).allSatisfy(r -> {
                assertThat(r.header("Authorization")).isEqualTo("Bearer g-token");
                assertThat(r.header("developer-token")).isEqualTo("dev-token");
            });
        }
    }

    @Test
    void upsertsCrmContactsByEmailWithTraitsAndASegmentFlag() {
        try (RecordingHttpServer crm = new RecordingHttpServer()) {
            ProfileSnapshot ines = profile("c-ines", "Ines@Example.com", "+49 151 22222222", false);
            String destination = KIT.create(port, "/api/destinations", Map.of("name", "crm", "kind", "CRM",
                    "settings", Map.of("baseUrl", crm.baseUrl()), "secrets", Map.of("accessToken", "crm-token")));
            KIT.create(port, "/api/activations", Map.of("name", "crm sync", "segmentId", "vip-list",
                    "destinationId", destination, "mode", "AUDIENCE_SYNC"));

            KIT.publish(ActivationKit.entered(ines.id(), "vip-list", "crm-1"));
            await(Duration.ofMinutes(1), () -> crm.requests().size() == 1, "the upsert");
            KIT.publish(ActivationKit.exited(ines.id(), "vip-list", "crm-1"));
            await(Duration.ofMinutes(1), () -> crm.requests().size() == 2, "the exit upsert");

            String contact = "{\"idProperty\":\"email\",\"id\":\"ines@example.com\",\"properties\":{"
                    + "\"name\":\"c-ines\",\"email\":\"ines@example.com\",\"phone\":\"+4915122222222\","
                    + "\"cdp_segment_vip_list\":%s}}";
            assertThat(crm.requests()).extracting(RecordingHttpServer.Request::path)
                    .containsOnly("/crm/v3/objects/contacts/batch/upsert");
            assertThat(json(crm.requests().get(0).body())).isEqualTo(json("{\"inputs\":[" + contact.formatted("true") + "]}"));
            assertThat(json(crm.requests().get(1).body())).isEqualTo(json("{\"inputs\":[" + contact.formatted("false") + "]}"));
            assertThat(crm.requests().get(0).header("Authorization")).isEqualTo("Bearer crm-token");
        }
    }

    @Test
    void exportsTheCurrentMembersWithEmailConsentAsCsv() {
        ProfileSnapshot lea = KIT.profile(profiles, "x-lea", Map.of("email", "Lea@Example.com", "phone", "+49 151 33333333"),
                Map.of("email", true));
        ProfileSnapshot max = KIT.profile(profiles, "x-max", Map.of("email", "max@example.com"), Map.of("email", false));
        ProfileSnapshot ole = KIT.profile(profiles, "x-ole", Map.of("email", "ole@example.com"), Map.of("email", true));
        KIT.publish(ActivationKit.entered(lea.id(), "csv", "csv-1"));
        KIT.publish(ActivationKit.entered(max.id(), "csv", "csv-2"));
        KIT.publish(ActivationKit.entered(ole.id(), "csv", "csv-3"));
        KIT.publish(ActivationKit.exited(ole.id(), "csv", "csv-3"));
        KIT.awaitEntries("csv", 3);
        String destination = KIT.create(port, "/api/destinations", Map.of("name", "csv", "kind", "CSV"));
        String activation = KIT.create(port, "/api/activations", Map.of("name", "csv", "segmentId", "csv",
                "destinationId", destination, "mode", "EXPORT"));

        await(Duration.ofMinutes(1), () -> KIT.call(port, "POST", "/api/activations/" + activation + "/export", null)
                .body().lines().count() == 2, "the exit to be recorded");
        var export = KIT.call(port, "POST", "/api/activations/" + activation + "/export", null);
        assertThat(export.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(export.body()).isEqualTo("profile_id,email,phone\r\n" + lea.id() + ",lea@example.com,+4915133333333\r\n");
    }

    @Test
    void anEntryKeepsItsEntryAndExitWhicheverIsStoredFirstAndWhenItsEntryIsReplayed() throws IOException {
        ProfileId ida = profile("o-ida", "ida@example.com", null, true).id();
        KIT.publish(ActivationKit.exited(ida, "order", "order-1"));
        KIT.publish(ActivationKit.entered(ida, "order", "order-1"));
        KIT.publish(ActivationKit.entered(ida, "order", "order-2"));
        KIT.publish(ActivationKit.exited(ida, "order", "order-2"));
        KIT.publish(ActivationKit.entered(ida, "order", "order-2"));
        // the same key keeps the order: once this one is stored, so are the ones before it
        KIT.publish(ActivationKit.entered(ida, "order", "order-3"));
        KIT.awaitEntries("order", 3);

        for (String entryId : List.of("order-1", "order-2")) {
            Map<?, ?> entry = KIT.elasticsearch.get(g -> g.index(KIT.prefix + "act-entries").id(entryId), Map.class)
                    .source();
            assertThat(entry.get("enteredAt")).as(entryId + " entered").isNotNull();
            assertThat(entry.get("exitedAt")).as(entryId + " exited").isNotNull();
        }
        assertThat(currentMembers("order")).isEqualTo(1);
    }

    private ProfileSnapshot profile(String userId, String email, String phone, boolean adsConsent) {
        Map<String, Object> traits = phone == null ? Map.of("email", email, "name", userId)
                : Map.of("email", email, "phone", phone, "name", userId);
        return KIT.profile(profiles, userId, traits, Map.of("ads", adsConsent));
    }

    private long currentMembers(String segment) {
        try {
            KIT.elasticsearch.indices().refresh(r -> r.index(KIT.prefix + "act-entries"));
            return KIT.elasticsearch.count(c -> c.index(KIT.prefix + "act-entries").query(q -> q.bool(b -> b
                    .filter(f -> f.term(t -> t.field("segmentId").value(segment)))
                    .mustNot(m -> m.exists(e -> e.field("exitedAt")))))).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String syncState(String activation) {
        var response = KIT.call(port, "GET", "/api/activations/" + activation + "/sync", null);
        return response.statusCode() == 200 ? ActivationKit.JSON.readTree(response.body()).path("state").asString() : "";
    }

    private List<JsonNode> deadLetters() {
        List<JsonNode> out = new java.util.ArrayList<>();
        ActivationKit.JSON.readTree(KIT.call(port, "GET", "/api/deliveries/dead-letters", null).body()).forEach(out::add);
        return out;
    }

    private static String metaBody(String email, String phone) {
        return "{\"payload\":{\"schema\":[\"EMAIL_SHA256\",\"PHONE_SHA256\"],\"data\":[[\"" + email + "\",\"" + phone + "\"]]}}";
    }

    private static String sha(String value) {
        return Sha256.hex(value);
    }

    private static JsonNode json(String body) {
        return ActivationKit.JSON.readTree(body);
    }
}
