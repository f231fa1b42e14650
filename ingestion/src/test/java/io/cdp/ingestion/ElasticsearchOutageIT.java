package io.cdp.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.cdp.ingestion.source.SourceStore;
import io.cdp.ingestion.IngestionItSupport.TopicReader;
import io.cdp.localstack.TestStack;
import io.cdp.platform.EventIngested;
import io.cdp.platform.Topics;

/**
 * Elasticsearch stops answering (a proxy of the test's own between the app and the real
 * Elasticsearch accepts connections but forwards nothing) after the write-key cache entry of a
 * source was filled, and stays unresponsive past the entry's expiry: the known key keeps
 * ingesting from its last good answer within the lookup timeout, an unknown key gets 503 with
 * Retry-After, and once Elasticsearch answers again keys are checked again.
 */
@SpringBootTest(classes = IngestionTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "cdp.ingestion.input.enabled=false",
                "cdp.ingestion.sources.cache-ttl=1s",
                "cdp.ingestion.sources.unknown-key-cache-ttl=1s",
                "cdp.ingestion.sources.lookup-timeout=1s",
                "cdp.ingestion.sources.retry-after=7s"})
class ElasticsearchOutageIT {

    private static final Duration CACHE_TTL = Duration.ofSeconds(1);
    private static final StallingProxy ELASTICSEARCH = startProxy();

    /** Not inherited from IngestionItSupport, whose Elasticsearch URL would compete with the proxy's. */
    @DynamicPropertySource
    static void stackWithElasticsearchThroughProxy(DynamicPropertyRegistry registry) {
        registry.add("cdp.elasticsearch.url", ELASTICSEARCH::url);
        registry.add("spring.kafka.bootstrap-servers", () -> TestStack.get().kafkaBootstrapServers());
    }

    @AfterAll
    static void closeProxyAndDeleteSources() throws IOException {
        ELASTICSEARCH.close();
        IngestionItSupport.deleteSourcesIndex();
    }

    private static StallingProxy startProxy() {
        try {
            return new StallingProxy(TestStack.get().elasticsearchUrl());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    SourceStore sources;

    @AfterEach
    void heal() {
        ELASTICSEARCH.heal();
    }

    private HttpResponse<String> track(String writeKey, String messageId) throws Exception {
        return IngestionItSupport.send(IngestionItSupport.post(port, "/v1/track")
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"userId":"u-1","event":"Viewed","messageId":"%s"}""".formatted(messageId)))
                .build());
    }

    private static Duration timed(ThrowingCall call) throws Exception {
        long started = System.nanoTime();
        call.run();
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void knownKeyIsServedFromItsLastGoodAnswerAndUnknownKeyGets503WhileElasticsearchDoesNotAnswer()
            throws Exception {
        String sourceId = IngestionItSupport.unique("web");
        String writeKey = sources.create(sourceId, "Website").writeKey();
        try (TopicReader events = new TopicReader(Topics.EVENTS)) {
            assertThat(track(writeKey, "before").statusCode()).isEqualTo(200);

            ELASTICSEARCH.stall();
            Thread.sleep(CACHE_TTL.multipliedBy(2).toMillis());
            HttpResponse<?>[] during = new HttpResponse<?>[3];
            Duration known = timed(() -> during[0] = track(writeKey, "during-1"));
            Duration knownAgain = timed(() -> during[1] = track(writeKey, "during-2"));
            Duration unknown = timed(() -> during[2] = track("no-such-key-" + sourceId, "never"));

            assertThat(during[0].statusCode()).isEqualTo(200);
            assertThat(during[1].statusCode()).isEqualTo(200);
            assertThat(known).isLessThan(Duration.ofSeconds(5));
            assertThat(knownAgain).isLessThan(Duration.ofSeconds(5));
            assertThat(during[2].statusCode()).isEqualTo(503);
            assertThat(during[2].headers().firstValue("Retry-After")).hasValue("7");
            assertThat(IngestionItSupport.JSON.readTree((String) during[2].body()).path("type").asString())
                    .isEqualTo("urn:cdp:problem:ingestion:sources-unavailable");
            assertThat(unknown).isLessThan(Duration.ofSeconds(5));
            List<EventIngested> stored = events.events(sourceId, 3);
            assertThat(stored).extracting(EventIngested::messageId)
                    .containsExactlyInAnyOrder("before", "during-1", "during-2");
        }

        ELASTICSEARCH.heal();
        Thread.sleep(CACHE_TTL.multipliedBy(2).toMillis());
        assertThat(track("no-such-key-" + sourceId, "after").statusCode()).isEqualTo(401);
        assertThat(track(writeKey, "after").statusCode()).isEqualTo(200);
    }
}
