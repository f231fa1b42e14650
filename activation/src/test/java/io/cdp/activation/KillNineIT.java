package io.cdp.activation;

import static io.cdp.activation.ActivationKit.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;

import co.elastic.clients.elasticsearch.core.search.Hit;
import io.cdp.localstack.TestStack;
import io.cdp.platform.Sha256;
import io.cdp.profile.ProfileId;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import tools.jackson.databind.JsonNode;

/**
 * Activation runs in a child JVM that is killed with SIGKILL while it sends; a second one takes
 * over. Every member gets its email (none lost), and a replay of every membership event sends
 * nothing more. A mail repeated because the first JVM died between the SMTP server's "accepted"
 * and "marked sent" is only possible for a delivery flagged inDoubt, and carries the same Message-ID.
 */
class KillNineIT {

    private static final int MEMBERS = 150;
    private static final ActivationKit KIT = new ActivationKit("killnine");
    private static final ActivationKit SYNC_KIT = new ActivationKit("killsync");
    private static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    @AfterAll
    static void cleanUp() {
        SMTP.stop();
        KIT.cleanUp();
        SYNC_KIT.cleanUp();
    }

    @Test
    void noEmailIsLostOrSentTwiceAcrossAKillNineAndAFullReplay() throws Exception {
        SMTP.start();
        int firstPort = freePort();
        Process first = startActivation("first", firstPort);
        List<ProfileId> members;
        try {
            awaitApi(firstPort);
            for (int i = 0; i < MEMBERS; i++) {
                KIT.publish(ActivationKit.identify("kn-" + i, Map.of("email", "kn-" + i + "@example.com"),
                        Map.of("email", true)));
            }
            await(Duration.ofMinutes(3), () -> profileIds().size() == MEMBERS, "all profiles");
            members = profileIds();
            String destination = KIT.create(firstPort, "/api/destinations", Map.of("name", "smtp", "kind", "EMAIL",
                    "settings", Map.of("host", "127.0.0.1", "port", String.valueOf(SMTP.getSmtp().getPort()),
                            "from", "shop@example.com")));
            KIT.create(firstPort, "/api/activations", Map.of("name", "welcome", "segmentId", "kn",
                    "destinationId", destination, "mode", "TRIGGER",
                    "template", Map.of("subject", "Welcome", "body", "Hello")));
            members.forEach(id -> KIT.publish(ActivationKit.entered(id, "kn", "entry-" + id)));
            await(Duration.ofMinutes(3), () -> SMTP.getReceivedMessages().length >= 20, "sending to start");
        } finally {
            first.destroyForcibly();
            first.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(SMTP.getReceivedMessages().length).isLessThan(MEMBERS);

        int secondPort = freePort();
        Process second = startActivation("second", secondPort);
        try {
            await(Duration.ofMinutes(4), () -> messageIds().size() == MEMBERS, "every member's email after the restart");
            members.forEach(id -> KIT.publish(ActivationKit.entered(id, "kn", "entry-" + id)));
            await(Duration.ofMinutes(3), KillNineIT::membershipsConsumed, "the replay to be consumed");
            await(Duration.ofMinutes(1), () -> sentCount() == MEMBERS, "every delivery marked sent");
        } finally {
            second.destroyForcibly();
            second.waitFor(30, TimeUnit.SECONDS);
        }

        Map<String, Long> byMessageId = messageIdCounts();
        assertThat(byMessageId).hasSize(MEMBERS);
        Set<String> repeated = byMessageId.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(e -> e.getKey().substring(1, e.getKey().indexOf('@'))).collect(Collectors.toSet());
        assertThat(repeated).isSubsetOf(inDoubtKeys());
        assertThat(byMessageId.values()).allMatch(count -> count <= 2);
    }

    @Test
    void aFullSyncKilledMidwayIsResumedAfterItsLastFinishedPageByAnotherInstance() throws Exception {
        int members = 40;
        // pages of 10 entries, one Meta call each; the third call hangs until the first instance is gone
        Map<String, String> smallPages = Map.of("cdp.activation.limits.sync-page", "10",
                "cdp.activation.limits.meta-rows", "10");
        List<String> emails = IntStream.range(0, members).mapToObj(i -> String.format("fs-%02d@example.com", i))
                .toList();
        try (RecordingHttpServer meta = new RecordingHttpServer()) {
            meta.holdAfter(2);
            int firstPort = freePort();
            Process first = startActivation(SYNC_KIT, "sync-first", firstPort, smallPages);
            String activation;
            try {
                awaitApi(firstPort);
                for (int i = 0; i < members; i++) {
                    SYNC_KIT.publish(ActivationKit.identify(String.format("fs-%02d", i), Map.of("email", emails.get(i)),
                            Map.of("ads", true)));
                }
                await(Duration.ofMinutes(3), () -> count(SYNC_KIT, "profiles") == members, "all profiles");
                Map<String, String> byUserId = profileIdsByUserId(SYNC_KIT, members);
                for (int i = 0; i < members; i++) {
                    SYNC_KIT.publish(ActivationKit.entered(ProfileId.of(byUserId.get(String.format("fs-%02d", i))),
                            "sync", String.format("sync-%02d", i)));
                }
                await(Duration.ofMinutes(3), () -> count(SYNC_KIT, "act-entries") == members, "all entries");
                String destination = SYNC_KIT.create(firstPort, "/api/destinations", Map.of("name", "meta",
                        "kind", "META", "settings", Map.of("baseUrl", meta.baseUrl(), "audienceId", "aud"),
                        "secrets", Map.of("accessToken", "t")));
                activation = SYNC_KIT.create(firstPort, "/api/activations", Map.of("name", "sync", "segmentId", "sync",
                        "destinationId", destination, "mode", "AUDIENCE_SYNC"));
                await(Duration.ofMinutes(2), () -> meta.waiting() == 1
                        && syncStatus(firstPort, activation).path("pages").asLong() == 2,
                        "two pages done and the third call under way");
            } finally {
                first.destroyForcibly();
                first.waitFor(30, TimeUnit.SECONDS);
            }
            meta.release();

            int secondPort = freePort();
            Process second = startActivation(SYNC_KIT, "sync-second", secondPort, smallPages);
            JsonNode status;
            try {
                awaitApi(secondPort);
                await(Duration.ofMinutes(2), () -> "DONE".equals(syncStatus(secondPort, activation).path("state")
                        .asString()), "the sync resumed by the second instance");
                status = syncStatus(secondPort, activation);
            } finally {
                second.destroyForcibly();
                second.waitFor(30, TimeUnit.SECONDS);
            }

            assertThat(status.path("pages").asLong()).isEqualTo(4);
            assertThat(status.path("scanned").asLong()).isEqualTo(members);
            assertThat(status.path("added").asLong()).isEqualTo(members);
            Map<String, Long> timesSent = meta.requests().stream().filter(r -> r.method().equals("POST"))
                    .flatMap(r -> stream(ActivationKit.JSON.readTree(r.body()).path("payload").path("data")))
                    .collect(Collectors.groupingBy(row -> row.get(0).asString(), Collectors.counting()));
            assertThat(timesSent.keySet()).containsExactlyInAnyOrderElementsOf(
                    emails.stream().map(Sha256::hex).toList());
            // the pages finished before the kill were not sent again; only the one in flight was
            emails.subList(0, 20).forEach(e -> assertThat(timesSent.get(Sha256.hex(e))).isEqualTo(1));
            assertThat(meta.requests()).hasSize(5);
        }
    }

    private static Process startActivation(String name, int port) throws IOException {
        return startActivation(KIT, name, port, Map.of());
    }

    private static Process startActivation(ActivationKit kit, String name, int port, Map<String, String> extra)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx384m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ActivationTestApplication.class.getName());
        Map<String, String> properties = new HashMap<>(kit.properties());
        properties.put("server.port", String.valueOf(port));
        // a killed sender's claims and full syncs come back quickly
        properties.put("cdp.activation.dispatch.lease", "5s");
        properties.put("cdp.activation.full-sync.lease", "5s");
        properties.putAll(extra);
        properties.forEach((k, v) -> command.add("--" + k + "=" + v));
        File log = new File("target/activation-killnine-" + name + ".log");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    }

    private static void awaitApi(int port) {
        await(Duration.ofMinutes(3), () -> {
            try {
                return KIT.call(port, "GET", "/api/destinations", null).statusCode() == 200;
            } catch (UncheckedIOException notYet) {
                return false;
            }
        }, "the child's API");
    }

    private static JsonNode syncStatus(int port, String activation) {
        try {
            return ActivationKit.JSON.readTree(SYNC_KIT.call(port, "GET", "/api/activations/" + activation + "/sync", null)
                    .body());
        } catch (UncheckedIOException | tools.jackson.core.JacksonException notYet) {
            return ActivationKit.JSON.createObjectNode();
        }
    }

    private static Map<String, String> profileIdsByUserId(ActivationKit kit, int size) throws IOException {
        kit.elasticsearch.indices().refresh(r -> r.index(kit.prefix + "profiles"));
        return kit.elasticsearch.search(s -> s.index(kit.prefix + "profiles").size(size), Map.class).hits().hits()
                .stream().collect(Collectors.toMap(h -> String.valueOf(h.source().get("userId")), Hit::id));
    }

    private static long count(ActivationKit kit, String index) {
        try {
            kit.elasticsearch.indices().refresh(r -> r.index(kit.prefix + index).ignoreUnavailable(true));
            return kit.elasticsearch.count(c -> c.index(kit.prefix + index).ignoreUnavailable(true)).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static List<ProfileId> profileIds() {
        try {
            KIT.elasticsearch.indices().refresh(r -> r.index(KIT.prefix + "profiles").ignoreUnavailable(true));
            return KIT.elasticsearch.search(s -> s.index(KIT.prefix + "profiles").size(MEMBERS + 10)
                    .ignoreUnavailable(true), Object.class).hits().hits().stream()
                    .map(Hit::id).map(ProfileId::of).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long sentCount() {
        try {
            KIT.elasticsearch.indices().refresh(r -> r.index(KIT.prefix + "act-deliveries"));
            return KIT.elasticsearch.count(c -> c.index(KIT.prefix + "act-deliveries")
                    .query(q -> q.term(t -> t.field("state").value("SENT")))).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> inDoubtKeys() throws IOException {
        KIT.elasticsearch.indices().refresh(r -> r.index(KIT.prefix + "act-deliveries"));
        return KIT.elasticsearch.search(s -> s.index(KIT.prefix + "act-deliveries").size(MEMBERS)
                .query(q -> q.term(t -> t.field("inDoubt").value(true))), Object.class).hits().hits().stream()
                .map(Hit::id).collect(Collectors.toSet());
    }

    private static Set<String> messageIds() {
        return messageIdCounts().keySet();
    }

    private static Map<String, Long> messageIdCounts() {
        return java.util.Arrays.stream(SMTP.getReceivedMessages()).map(KillNineIT::messageId)
                .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
    }

    private static String messageId(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean membershipsConsumed() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestStack.get().kafkaBootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin
                    .listConsumerGroupOffsets(KIT.properties().get("cdp.activation.consumer-group"))
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < 3; p++) {
                latest.put(new TopicPartition(KIT.membershipsTopic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get().entrySet().stream()
                    .allMatch(e -> committed.get(e.getKey()) != null
                            && committed.get(e.getKey()).offset() >= e.getValue().offset());
        } catch (Exception e) {
            return false;
        }
    }
}
