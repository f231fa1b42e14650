package io.cdp.profile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.test.context.DynamicPropertyRegistry;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import io.cdp.localstack.Await;
import io.cdp.localstack.TestStack;
import io.cdp.platform.EventIngested;
import io.cdp.platform.EventType;
import io.cdp.platform.elasticsearch.ElasticsearchClients;
import io.cdp.profile.store.ProfileStore;
import io.cdp.profile.store.IndexTemplates;
import io.cdp.profile.store.IndexNames;

/** Shared test plumbing: per-class indices and topics on the real stack, producing, waiting. */
final class TestKit {

    final String name;
    final String prefix;
    final String eventsTopic;
    final String deadLetterTopic;
    final ElasticsearchClient elasticsearch;

    TestKit(String testName, int partitions) {
        this.name = testName.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.prefix = "cdp-t-" + name + "-";
        this.eventsTopic = "cdp.events." + name;
        this.deadLetterTopic = "cdp.events.dlt." + name;
        this.elasticsearch = ElasticsearchClients.create(TestStack.get().elasticsearchUrl());
        TestStack.get().createTopics(partitions, eventsTopic);
    }

    /** The store on this test's own indices, their templates in place. */
    ProfileStore store() {
        IndexNames names = new IndexNames(prefix);
        new IndexTemplates(elasticsearch, names).ensure();
        return new ProfileStore(elasticsearch, names);
    }

    void register(DynamicPropertyRegistry registry, int concurrency) {
        properties(concurrency).forEach((k, v) -> registry.add(k, () -> v));
    }

    Map<String, String> properties(int concurrency) {
        Map<String, String> p = new HashMap<>();
        p.put("cdp.elasticsearch.url", TestStack.get().elasticsearchUrl());
        p.put("spring.kafka.bootstrap-servers", TestStack.get().kafkaBootstrapServers());
        p.put("cdp.profile.index-prefix", prefix);
        p.put("cdp.profile.events-topic", eventsTopic);
        p.put("cdp.profile.dead-letter-topic", deadLetterTopic);
        p.put("cdp.profile.consumer-group", "cdp-profile-store-" + name);
        p.put("cdp.profile.concurrency", String.valueOf(concurrency));
        p.put("cdp.profile.default-phone-region", "DE");
        return p;
    }

    KafkaTemplate<String, EventIngested> producer() {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestStack.get().kafkaBootstrapServers(), ProducerConfig.ACKS_CONFIG, "all");
        JacksonJsonSerializer<EventIngested> json = new JacksonJsonSerializer<>();
        json.setAddTypeInfo(false);
        KafkaTemplate<String, EventIngested> template = new KafkaTemplate<>(
                new DefaultKafkaProducerFactory<>(config, new StringSerializer(), json));
        template.setDefaultTopic(eventsTopic);
        return template;
    }

    void send(KafkaTemplate<String, EventIngested> producer, List<EventIngested> events) {
        try {
            for (EventIngested e : events) {
                producer.send(eventsTopic, e.partitionKey(), e);
            }
            producer.flush();
        } catch (RuntimeException e) {
            throw e;
        }
    }

    /**
     * Timeline events written so far (each event exactly once when processing is done). A month index the
     * pipeline creates between the health check and the count may not have its shard started yet: Elasticsearch
     * answers 503 then, and the count is asked again once the shard is up.
     */
    long timelineCount() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                elasticsearch.cluster().health(h -> h.index(prefix + "events-*").waitForStatus(HealthStatus.Yellow)
                        .timeout(t -> t.time("30s")));
                elasticsearch.indices().refresh(r -> r.index(prefix + "events-*").allowNoIndices(true)
                        .ignoreUnavailable(true));
                return elasticsearch.count(c -> c.index(prefix + "events-*").allowNoIndices(true)
                        .ignoreUnavailable(true)).count();
            } catch (IOException | RuntimeException e) {
                if (!shardNotStarted(e) || System.nanoTime() > deadline) {
                    throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
                }
                LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            }
        }
    }

    private static boolean shardNotStarted(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (String.valueOf(cause.getMessage()).contains("no_shard_available_action_exception")
                    || String.valueOf(cause.getMessage()).contains("503 Service Unavailable")) {
                return true;
            }
        }
        return false;
    }

    void cleanUp() {
        try {
            elasticsearch.indices().delete(d -> d.index(prefix + "*").allowNoIndices(true).ignoreUnavailable(true));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void await(Duration timeout, BooleanSupplier condition, String what) {
        Await.until(timeout, condition, what);
    }

    static EventIngested event(String messageId, EventType type, String event, String userId, String anonymousId,
            Instant at, Map<String, Object> traits, Map<String, Object> properties, Map<String, Object> context) {
        return new EventIngested(messageId, "web", type, event, null, userId, anonymousId, null, null, at, at,
                traits, properties, context, null);
    }

}
