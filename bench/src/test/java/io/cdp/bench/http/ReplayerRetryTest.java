package io.cdp.bench.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.cdp.bench.data.Call;
import io.cdp.bench.data.Source;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The replayer against a scripted HTTP endpoint standing in for the platform's /v1/batch. */
class ReplayerRetryTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<String> bodies = Collections.synchronizedList(new ArrayList<>());
    private final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    private HttpServer server;

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void resendsABatchRefusedWithServiceUnavailableWithTheSameMessageIds() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        serve(() -> requests.incrementAndGet() == 1 ? 503 : 200);

        long accepted = new Replayer(client(), Map.of(Source.WEB, "wk_web"), 10, 1).replay(calls(3), done -> { });

        assertThat(accepted).isEqualTo(3);
        assertThat(bodies).hasSize(2);
        assertThat(messageIds(bodies.get(0))).isEqualTo(messageIds(bodies.get(1))).containsExactly("m0", "m1", "m2");
        assertThat(authorizations).containsOnly("Basic " + Base64.getEncoder().encodeToString("wk_web:".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void givesUpAtOnceOnARejectedBatch() throws Exception {
        serve(() -> 400);

        assertThatThrownBy(() -> new Replayer(client(), Map.of(Source.WEB, "wk_web"), 10, 2).replay(calls(25), done -> { }))
                .isInstanceOf(IOException.class).hasMessageContaining("HTTP 400");
        assertThat(bodies.size()).isLessThanOrEqualTo(3);
    }

    private void serve(java.util.function.IntSupplier status) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/batch", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] answer = "{\"success\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.getAsInt(), answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    private PlatformClient client() {
        return new PlatformClient("http://127.0.0.1:" + server.getAddress().getPort(), "admin", "unused");
    }

    private static List<Call> calls(int count) {
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            calls.add(new Call(Source.WEB, Instant.parse("2026-10-01T00:00:00Z").plusSeconds(i),
                    Map.of("messageId", "m" + i, "type", "page", "anonymousId", "a")));
        }
        return calls;
    }

    private static List<String> messageIds(String body) {
        JsonNode batch = JSON.readTree(body).path("batch");
        List<String> ids = new ArrayList<>();
        batch.forEach(message -> ids.add(message.path("messageId").asString()));
        return ids;
    }
}
