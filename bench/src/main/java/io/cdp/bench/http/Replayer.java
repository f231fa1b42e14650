package io.cdp.bench.http;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

import io.cdp.bench.data.Call;
import io.cdp.bench.data.Source;

/**
 * Sends calls through {@code POST /v1/batch} as fast as the platform accepts them: batches per
 * source in timestamp order, a few in flight at once. A batch that meets 429, 5xx or a broken
 * connection is resent as it was; its messageIds make the retry harmless.
 */
public final class Replayer {

    private static final int MAX_ATTEMPTS = 6;

    private final PlatformClient client;
    private final Map<Source, String> writeKeys;
    private final int batchSize;
    private final int concurrency;

    public Replayer(PlatformClient client, Map<Source, String> writeKeys, int batchSize, int concurrency) {
        if (batchSize < 1 || concurrency < 1) {
            throw new IllegalArgumentException("batchSize and concurrency must be positive");
        }
        this.client = client;
        this.writeKeys = Map.copyOf(writeKeys);
        this.batchSize = batchSize;
        this.concurrency = concurrency;
    }

    /** Groups consecutive calls per source into batches, keeping each source's order. */
    public static List<Batch> batches(List<Call> calls, int batchSize) {
        List<Batch> batches = new ArrayList<>();
        Map<Source, List<Call>> pending = new EnumMap<>(Source.class);
        for (Call call : calls) {
            List<Call> open = pending.computeIfAbsent(call.source(), source -> new ArrayList<>(batchSize));
            open.add(call);
            if (open.size() == batchSize) {
                batches.add(new Batch(call.source(), List.copyOf(open)));
                open.clear();
            }
        }
        pending.forEach((source, open) -> {
            if (!open.isEmpty()) {
                batches.add(new Batch(source, List.copyOf(open)));
            }
        });
        return batches;
    }

    /** @return calls the platform accepted; {@code progress} sees the running total */
    public long replay(List<Call> calls, LongConsumer progress) throws IOException, InterruptedException {
        return replayPrepared(prepare(calls), progress);
    }

    /**
     * Groups the calls into batches and writes their request bodies, stamped sent now: the work a load
     * generator does before a measurement starts, so that the measured phase only sends.
     */
    public List<Request> prepare(List<Call> calls) {
        Instant sentAt = Instant.now();
        return batches(calls, batchSize).stream().map(batch -> new Request(batch.source(), batch.calls().size(),
                PlatformClient.batchBody(batch.calls().stream().map(Call::message).toList(), sentAt))).toList();
    }

    /** @return calls the platform accepted; {@code progress} sees the running total */
    public long replayPrepared(List<Request> requests, LongConsumer progress) throws IOException, InterruptedException {
        AtomicLong accepted = new AtomicLong();
        Semaphore inFlight = new Semaphore(concurrency);
        ExecutorService senders = Executors.newFixedThreadPool(concurrency);
        List<Future<?>> sent = new ArrayList<>();
        try {
            for (Request request : requests) {
                inFlight.acquire();
                sent.add(senders.submit(() -> {
                    try {
                        send(request);
                        progress.accept(accepted.addAndGet(request.calls()));
                    } finally {
                        inFlight.release();
                    }
                    return null;
                }));
                failFast(sent);
            }
            for (Future<?> future : sent) {
                await(future);
            }
        } finally {
            senders.shutdownNow();
        }
        return accepted.get();
    }

    private void send(Request request) throws IOException, InterruptedException {
        String writeKey = writeKeys.get(request.source());
        if (writeKey == null) {
            throw new IllegalStateException("no write key for source " + request.source());
        }
        IOException last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            long backoffMillis = 200L << attempt;
            HttpResponse<String> response;
            try {
                response = client.sendBatch(writeKey, request.body());
            } catch (IOException connectionTrouble) {
                last = connectionTrouble;
                Thread.sleep(backoffMillis);
                continue;
            }
            int status = response.statusCode();
            if (status / 100 == 2) {
                return;
            }
            last = new IOException("POST /v1/batch: HTTP " + status + " " + PlatformClient.abbreviate(response.body()));
            if (status != 429 && status / 100 != 5) {
                throw last;
            }
            Thread.sleep(response.headers().firstValue("Retry-After")
                    .map(seconds -> Long.parseLong(seconds.trim()) * 1000).orElse(backoffMillis));
        }
        throw last;
    }

    private static void failFast(List<Future<?>> sent) throws IOException, InterruptedException {
        for (Future<?> future : sent) {
            if (future.isDone()) {
                await(future);
            }
        }
        sent.removeIf(Future::isDone);
    }

    private static void await(Future<?> future) throws IOException, InterruptedException {
        try {
            future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    public record Batch(Source source, List<Call> calls) {
    }

    /** A batch request ready to send: its source, how many calls it carries, its JSON body. */
    public record Request(Source source, int calls, String body) {
    }
}
