package io.cdp.ingestion;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import tools.jackson.databind.json.JsonMapper;

import io.cdp.localstack.TestStack;
import io.cdp.platform.elasticsearch.ElasticsearchClients;
import io.cdp.platform.EventIngested;
import io.cdp.platform.Topics;

/** Real Elasticsearch and Kafka from {@link TestStack}, plus helpers to read topics and call the API. */
public abstract class IngestionItSupport {

    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        registry.add("cdp.elasticsearch.url", () -> TestStack.get().elasticsearchUrl());
        registry.add("spring.kafka.bootstrap-servers", () -> TestStack.get().kafkaBootstrapServers());
    }

    /** The sources index is this module's; tests leave none behind. */
    @AfterAll
    static void deleteSourcesIndex() throws IOException {
        ElasticsearchClient client = ElasticsearchClients.create(TestStack.get().elasticsearchUrl());
        try {
            client.indices().delete(d -> d.index("cdp-sources").ignoreUnavailable(true));
        } finally {
            client._transport().close();
        }
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    protected static HttpRequest.Builder post(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
    }

    /** A record of raw Segment-spec JSON for the input topic, as server-side producers write it. */
    protected static ProducerRecord<String, byte[]> inputRecord(String json) {
        return new ProducerRecord<>(Topics.EVENTS_INPUT, null, json.getBytes(StandardCharsets.UTF_8));
    }

    protected static KafkaProducer<String, byte[]> inputProducer() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().kafkaBootstrapServers());
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(properties);
    }

    /** Reads a topic from the offsets it had when constructed. */
    protected static final class TopicReader implements AutoCloseable {

        private final KafkaConsumer<String, byte[]> consumer;

        public TopicReader(String topic) {
            Properties properties = new Properties();
            properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().kafkaBootstrapServers());
            properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            consumer = new KafkaConsumer<>(properties);
            List<TopicPartition> partitions = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 30_000;
            while (partitions.isEmpty() && System.currentTimeMillis() < deadline) {
                consumer.partitionsFor(topic, Duration.ofSeconds(10))
                        .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
        }

        /** Polls until {@code expected} matching records arrived, then a little longer to catch extras. */
        public List<ConsumerRecord<String, byte[]>> read(Predicate<ConsumerRecord<String, byte[]>> matching,
                                                         int expected) {
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 30_000;
            while (records.size() < expected && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (matching.test(r)) {
                        records.add(r);
                    }
                });
            }
            long settle = System.currentTimeMillis() + 1_000;
            while (System.currentTimeMillis() < settle) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (matching.test(r)) {
                        records.add(r);
                    }
                });
            }
            return records;
        }

        public List<EventIngested> events(String sourceId, int expected) {
            return read(r -> sourceId.equals(JSON.readTree(r.value()).path("sourceId").asString()), expected)
                    .stream().map(r -> JSON.readValue(r.value(), EventIngested.class)).toList();
        }

        public static Map<String, String> headers(ConsumerRecord<String, byte[]> record) {
            Map<String, String> headers = new HashMap<>();
            record.headers().forEach(h -> headers.put(h.key(), new String(h.value())));
            return headers;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
