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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.sun.net.httpserver.HttpServer;

/**
 * A real local HTTP server standing in for Meta, Google, a CRM or a webhook receiver: records
 * every request and answers scripted failures first, then 200 with a body chosen by path; it can
 * also leave requests unanswered, as a destination that hangs.
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
    private final AtomicInteger arrived = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile int answerBeforeHolding = Integer.MAX_VALUE;
    private final CountDownLatch held = new CountDownLatch(1);
    private final ExecutorService handlers = Executors.newCachedThreadPool();

    public RecordingHttpServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            if (arrived.incrementAndGet() > answerBeforeHolding) {
                waiting.incrementAndGet();
                try {
                    held.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
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
        // requests held back must not stop the others from being answered
        server.setExecutor(handlers);
        server.start();
    }

    /** Answers the first {@code count} requests; later ones wait, unanswered, until {@link #release()}. */
    public void holdAfter(int count) {
        answerBeforeHolding = count;
    }

    /** Requests waiting unanswered. */
    public int waiting() {
        return waiting.get();
    }

    public void release() {
        answerBeforeHolding = Integer.MAX_VALUE;
        held.countDown();
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
        release();
        server.stop(0);
        handlers.shutdownNow();
    }
}
