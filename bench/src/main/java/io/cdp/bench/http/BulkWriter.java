package io.cdp.bench.http;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import lombok.RequiredArgsConstructor;

import io.cdp.bench.report.ProgressBar;
import tools.jackson.databind.json.JsonMapper;

/**
 * Indexes documents with {@code _bulk}, {@code perRequest} at a time and two requests in flight
 * (Elasticsearch indexes one while the next is built), showing progress; closing sends the rest.
 */
@RequiredArgsConstructor
public final class BulkWriter implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int IN_FLIGHT = 2;

    private final ElasticsearchHttp es;
    private final int perRequest;
    private final ProgressBar progress;
    private final ExecutorService senders = Executors.newFixedThreadPool(IN_FLIGHT);
    private final Deque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
    private final StringBuilder ndjson = new StringBuilder();
    private int buffered;
    private long written;

    public void index(String index, String id, Object document) throws IOException, InterruptedException {
        ndjson.append("{\"index\":{\"_index\":\"").append(index).append("\",\"_id\":\"").append(id).append("\"}}\n")
                .append(JSON.writeValueAsString(document)).append('\n');
        if (++buffered == perRequest) {
            send();
        }
    }

    private void send() throws IOException, InterruptedException {
        while (inFlight.size() >= IN_FLIGHT) {
            awaitOldest();
        }
        String body = ndjson.toString();
        int count = buffered;
        ndjson.setLength(0);
        buffered = 0;
        inFlight.add(CompletableFuture.runAsync(() -> {
            try {
                es.bulk(body);
            } catch (IOException e) {
                throw new CompletionException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            }
            synchronized (this) {
                written += count;
                progress.update(written);
            }
        }, senders));
    }

    private void awaitOldest() throws IOException {
        try {
            inFlight.poll().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (buffered > 0) {
                send();
            }
            while (!inFlight.isEmpty()) {
                awaitOldest();
            }
            progress.finish(written);
        } finally {
            senders.shutdownNow();
        }
    }
}
