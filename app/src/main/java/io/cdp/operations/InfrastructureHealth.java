package io.cdp.operations;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;

/** Actuator health for the two things the platform cannot work without. */
@Configuration(proxyBeanMethods = false)
class InfrastructureHealth {

    @Bean
    AbstractHealthIndicator elasticsearchHealthIndicator(ElasticsearchClient client) {
        return new AbstractHealthIndicator("Elasticsearch health check failed") {
            @Override
            protected void doHealthCheck(Health.Builder builder) throws Exception {
                var health = client.cluster().health();
                builder.status(health.status() == HealthStatus.Red ? "DOWN" : "UP")
                        .withDetail("cluster", health.clusterName())
                        .withDetail("status", health.status().jsonValue())
                        .withDetail("nodes", health.numberOfNodes());
            }
        };
    }

    @Bean(destroyMethod = "close")
    Admin kafkaHealthAdmin(KafkaProperties properties) {
        Map<String, Object> config = properties.buildAdminProperties();
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        return Admin.create(config);
    }

    @Bean
    AbstractHealthIndicator kafkaHealthIndicator(Admin kafkaHealthAdmin) {
        return new AbstractHealthIndicator("Kafka health check failed") {
            @Override
            protected void doHealthCheck(Health.Builder builder) throws Exception {
                var cluster = kafkaHealthAdmin.describeCluster();
                builder.up()
                        .withDetail("clusterId", cluster.clusterId().get(3, TimeUnit.SECONDS))
                        .withDetail("brokers", cluster.nodes().get(3, TimeUnit.SECONDS).size());
            }
        };
    }
}
