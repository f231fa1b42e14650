package io.cdp.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.cdp.localstack.TestStack;
import io.cdp.profile.identity.IdentifierExtractor;
import io.cdp.profile.store.IndexNames;
import io.cdp.profile.store.ProfileStore;
import io.cdp.profile.web.ProfileQueries;

/**
 * The consumer runs as a separate JVM that is killed with SIGKILL mid-stream and restarted;
 * afterwards, and after a full replay of the same messages, every count matches the oracle.
 */
class KillNineIT {

    private static final TestKit KIT = new TestKit("killnine", 4);

    @AfterAll
    static void cleanUp() {
        KIT.cleanUp();
    }

    @Test
    void survivesKillNineMidStreamAndReplaysWithoutCountingTwice() throws Exception {
        IdentityOracle oracle = new IdentityOracle(7, 150, "kn");
        Process first = startConsumer("first");
        try {
            KIT.send(KIT.producer(), oracle.events);
            TestKit.await(Duration.ofMinutes(3), () -> KIT.timelineCount() >= 40, "processing to start");
        } finally {
            first.destroyForcibly();
            first.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(KIT.timelineCount()).isLessThan(oracle.events.size());

        Process second = startConsumer("second");
        try {
            TestKit.await(Duration.ofMinutes(4), () -> KIT.timelineCount() == oracle.events.size(),
                    "all events after the restart");
            ProfileQueries queries = new ProfileQueries(new ProfileStore(KIT.elasticsearch,
                    new IndexNames(KIT.prefix)), new IdentifierExtractor(List.of("null"), "DE"), (id, merged) -> {
                        throw new AssertionError("this test only reads");
                    });
            oracle.verify(queries, KIT);

            KIT.send(KIT.producer(), oracle.events);
            TestKit.await(Duration.ofMinutes(3), KillNineIT::consumerCaughtUp, "the replay to be consumed");
            oracle.verify(queries, KIT);
            assertThat(KIT.timelineCount()).isEqualTo(oracle.events.size());
        } finally {
            second.destroyForcibly();
            second.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static Process startConsumer(String name) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx384m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ProfileStoreTestApplication.class.getName());
        command.add("--spring.main.web-application-type=none");
        KIT.properties(3).forEach((k, v) -> command.add("--" + k + "=" + v));
        File log = new File("target/killnine-" + name + ".log");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    }

    private static boolean consumerCaughtUp() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestStack.get().kafkaBootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin
                    .listConsumerGroupOffsets(KIT.properties(3).get("cdp.profile.consumer-group"))
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < 4; p++) {
                latest.put(new TopicPartition(KIT.eventsTopic, p), OffsetSpec.latest());
            }
            var ends = admin.listOffsets(latest).all().get();
            return ends.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                    && committed.get(e.getKey()).offset() >= e.getValue().offset());
        } catch (Exception e) {
            return false;
        }
    }
}
