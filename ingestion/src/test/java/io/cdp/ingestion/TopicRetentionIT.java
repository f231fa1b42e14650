package io.cdp.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.TestPropertySource;

import io.cdp.localstack.TestStack;
import io.cdp.platform.Topics;

/**
 * How long Kafka keeps events, with their personal data, is configuration (issue 5, finding 8):
 * the event topics carry it as retention.ms, also when they existed before (the app modifies topic configs).
 */
@SpringBootTest(classes = IngestionTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = {"cdp.ingestion.topics.retention=3d", "spring.kafka.admin.modify-topic-configs=true"})
class TopicRetentionIT extends IngestionItSupport {

    @Test
    void theEventTopicsKeepEventsForTheConfiguredRetention() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestStack.get().kafkaBootstrapServers()))) {
            List<ConfigResource> topics = List.of(Topics.EVENTS, Topics.EVENTS_INPUT, Topics.EVENTS_DEAD_LETTER).stream()
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(topics).all().get();

            assertThat(topics).allSatisfy(t -> assertThat(configs.get(t).get(TopicConfig.RETENTION_MS_CONFIG).value())
                    .isEqualTo(String.valueOf(Duration.ofDays(3).toMillis())));
        }
    }
}
