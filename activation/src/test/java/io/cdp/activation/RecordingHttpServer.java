package io.cdp.activation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import com.sun.net.httpserver.HttpServer;

/**
 * A real local HTTP server standing in for Meta, Google, a CRM or a webhook receiver: records
 * every request and answers scripted failures first, then 200 with a body chosen by path.
 */
public final class RecordingHttpServer implements AutoCloseable {

    /** {@code status} is what this server answered, {@code receivedAt} when (its own clock). */
    public record Request(String method, String path, Map<String, List<String>> headers, String body, int status,
            Instant receivedAt) {

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    public record Reply(int status, Map<String, String> headers, String body) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Deque<Reply> scripted = new ArrayDeque<>();
    private volatile Function<String, String> okBody = path -> "{}";

    public RecordingHttpServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            Instant receivedAt = Instant.now();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Reply reply;
            synchronized (scripted) {
                reply = scripted.pollFirst();
            }
            if (reply == null) {
                reply = new Reply(200, Map.of(), okBody.apply(exchange.getRequestURI().getPath()));
            }
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    Map.copyOf(exchange.getRequestHeaders()), body, reply.status(), receivedAt));
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next requests get these replies, in order. */
    public void failNext(Reply... replies) {
        synchronized (scripted) {
            scripted.addAll(List.of(replies));
        }
    }

    public void answer(Function<String, String> bodyByPath) {
        this.okBody = bodyByPath;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public void clear() {
        requests.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
