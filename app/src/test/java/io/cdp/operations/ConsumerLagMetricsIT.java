package io.cdp.operations;

import static io.cdp.AppTestSupport.ADMIN_PASSWORD;
import static io.cdp.AppTestSupport.basic;
import static io.cdp.AppTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import io.cdp.localstack.TestStack;
import io.cdp.AppIntegrationTest;

@TestPropertySource(properties = "cdp.operations.lag-groups=" + ConsumerLagMetricsIT.GROUP)
class ConsumerLagMetricsIT extends AppIntegrationTest {

    static final String GROUP = "lag-test-group";


    @Autowired
    ConsumerLagMetrics metrics;

    @Test
    void reportsRecordsTheGroupHasNotConsumedYet() throws Exception {
        String topic = "lag-test-" + UUID.randomUUID();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", TestStack.get().kafkaBootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k", "v" + i)).get();
            }
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestStack.get().kafkaBootstrapServers()))) {
            admin.alterConsumerGroupOffsets(GROUP, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(3))).all().get();
        }

        metrics.refresh();

        assertThat(metrics.lag(GROUP, topic)).isEqualTo(7L);
        var exposed = call(port, "GET", "/actuator/metrics/cdp.kafka.consumer.lag?tag=topic:" + topic,
                basic("admin", ADMIN_PASSWORD), null);
        assertThat(exposed.statusCode()).isEqualTo(200);
        assertThat(exposed.body()).contains("\"value\":7.0");
    }
}
