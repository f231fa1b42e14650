package io.cdp.platform.kafka;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.kafka.config.TopicBuilder;

/**
 * Topics declared as {@code NewTopic} beans, created (and their retention updated) at start-up. Replication 1
 * suits the single local broker; a cluster's operator sets its own.
 */
public final class KafkaTopics {

    private KafkaTopics() {
    }

    /** @param retention how long records stay: the bound on how long an erased person's data stays in the topic */
    public static NewTopic topic(String name, int partitions, Duration retention) {
        return TopicBuilder.name(name).partitions(partitions).replicas(1)
                .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(retention.toMillis()))).build();
    }
}
