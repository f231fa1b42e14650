package io.cdp.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.test.context.TestPropertySource;

import io.cdp.AppIntegrationTest;
import io.cdp.localstack.TestStack;
import io.cdp.platform.Topics;

/**
 * How long Kafka keeps what the platform publishes about people is configuration (the bound on an
 * erasure): every topic a module creates carries its module's retention as retention.ms, also a topic
 * that existed with another retention before the app started. cdp.events.dlt is declared by ingestion
 * and by the profile store, which both write to it, hence their retentions are alike here.
 */
@TestPropertySource(properties = {"cdp.ingestion.topics.retention=3d", "cdp.profile.topic-retention=3d",
        "cdp.segmentation.topic-retention=5d"})
class PlatformTopicRetentionIT extends AppIntegrationTest {

    private static final Map<String, Duration> EXPECTED = Map.of(
            Topics.EVENTS, Duration.ofDays(3), Topics.EVENTS_INPUT, Duration.ofDays(3),
            Topics.EVENTS_DEAD_LETTER, Duration.ofDays(3), Topics.PROFILE_CHANGES, Duration.ofDays(3),
            Topics.MEMBERSHIPS, Duration.ofDays(5),
            Topics.PROFILE_CHANGES_SEGMENTATION_DEAD_LETTER, Duration.ofDays(5));

    @Autowired
    private List<NewTopic> platformTopics;

    @Autowired
    private KafkaAdmin kafkaAdmin;

    @Test
    void everyPlatformTopicKeepsRecordsForItsModulesRetentionAlsoWhenItExistedBefore() throws Exception {
        assertThat(platformTopics.stream().map(NewTopic::name).distinct())
                .containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestStack.get().kafkaBootstrapServers()))) {
            assertThat(settledRetentions(admin, millis(EXPECTED))).isEqualTo(millis(EXPECTED));

            // as a topic created by an older version or with another setting is found at start-up
            admin.incrementalAlterConfigs(EXPECTED.keySet().stream().collect(Collectors.toMap(this::resource,
                    t -> List.of(new AlterConfigOp(new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, "-1"),
                            AlterConfigOp.OpType.SET))))).all().get();
            Map<String, String> unbounded = EXPECTED.keySet().stream().collect(Collectors.toMap(t -> t, t -> "-1"));
            assertThat(settledRetentions(admin, unbounded)).isEqualTo(unbounded);
            kafkaAdmin.initialize();

            assertThat(settledRetentions(admin, millis(EXPECTED))).isEqualTo(millis(EXPECTED));
        }
    }

    /**
     * The retentions the broker describes once it has applied a change: in KRaft a config change is committed to
     * the metadata log first and reaches the broker's view a moment later, so a describe right after may show the
     * old value. Returns what it saw last after 30 s, for the assertion to show.
     */
    private Map<String, String> settledRetentions(Admin admin, Map<String, String> expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<String, String> seen = retentions(admin, expected.keySet());
        while (!seen.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            seen = retentions(admin, expected.keySet());
        }
        return seen;
    }

    private Map<String, String> retentions(Admin admin, Collection<String> topics) throws Exception {
        var configs = admin.describeConfigs(topics.stream().map(this::resource).toList()).all().get();
        return configs.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().name(),
                e -> e.getValue().get(TopicConfig.RETENTION_MS_CONFIG).value()));
    }

    private ConfigResource resource(String topic) {
        return new ConfigResource(ConfigResource.Type.TOPIC, topic);
    }

    private static Map<String, String> millis(Map<String, Duration> retentions) {
        return retentions.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> String.valueOf(e.getValue().toMillis())));
    }
}
