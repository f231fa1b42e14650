package io.cdp.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.micrometer.core.instrument.MeterRegistry;

import io.cdp.ingestion.source.SourceStore;
import io.cdp.localstack.Ports;

/** The producer points at a closed port: requests must fail fast with 503, never half-accepted. */
@SpringBootTest(classes = IngestionTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.kafka.admin.auto-create=false",
                "cdp.ingestion.input.enabled=false",
                "cdp.ingestion.producer.max-block=1s",
                "cdp.ingestion.producer.retry-after=7s"})
class KafkaUnavailableIT extends IngestionItSupport {

    @DynamicPropertySource
    static void closedKafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.producer.bootstrap-servers", () -> "127.0.0.1:" + Ports.free());
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    SourceStore sources;

    @Autowired
    MeterRegistry meters;

    @Test
    void answers503WithRetryAfterWithinSecondsWhenKafkaIsDown() throws Exception {
        String sourceId = unique("app");
        String key = sources.create(sourceId, "App").writeKey();
        HttpRequest request = post(port, "/v1/batch")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes()))
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"batch":[{"type":"track","userId":"u","event":"A"},{"type":"page","anonymousId":"a"}]}"""))
                .build();

        long started = System.nanoTime();
        HttpResponse<String> response = send(request);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree("""
                {"type":"urn:cdp:problem:ingestion:event-log-unavailable","title":"Event log unavailable",
                 "status":503,"detail":"the events were not stored; retry the whole request later",
                 "instance":"/v1/batch"}"""));
        assertThat(took).isLessThan(Duration.ofSeconds(10));
        assertThat(meters.counter("cdp.ingestion.events.rejected", "source", sourceId, "reason", "kafkaUnavailable")
                .count()).isEqualTo(2.0);
        assertThat(meters.find("cdp.ingestion.events.accepted").tag("source", sourceId).counter()).isNull();
    }
}
