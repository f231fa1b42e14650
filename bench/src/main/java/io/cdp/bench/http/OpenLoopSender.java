package io.cdp.bench.http;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

import io.cdp.bench.data.Call;
import io.cdp.bench.data.Source;

/**
 * Offers calls at a fixed rate whatever the platform's answers take (open loop): batch i leaves
 * at {@code start + i * batchSize / rate}, so a slow platform shows up as latency, not as a
 * politely slowed-down client (coordinated omission).
 */
public final class OpenLoopSender {

    private final PlatformClient client;
    private final Map<Source, String> writeKeys;
    private final int ratePerSecond;
    private final int batchSize;

    public OpenLoopSender(PlatformClient client, Map<Source, String> writeKeys, int ratePerSecond, int batchSize) {
        if (ratePerSecond < 1 || batchSize < 1) {
            throw new IllegalArgumentException("rate and batch size must be positive");
        }
        this.client = client;
        this.writeKeys = Map.copyOf(writeKeys);
        this.ratePerSecond = ratePerSecond;
        this.batchSize = batchSize;
    }

    /** When batch {@code index} is due, in nanoseconds after the start. */
    static long dueNanos(long index, int batchSize, int ratePerSecond) {
        return index * batchSize * 1_000_000_000L / ratePerSecond;
    }

    /**
     * @param sent running count of calls handed to the network
     * @return what happened; failed batches are not retried, they would distort the pacing
     */
    public Outcome send(List<Call> calls, LongConsumer sent) {
        List<Replayer.Batch> batches = Replayer.batches(calls, batchSize);
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>(batches.size());
        AtomicLong failedCalls = new AtomicLong();
        long maxLagNanos = 0;
        long count = 0;
        long start = System.nanoTime();
        for (int i = 0; i < batches.size(); i++) {
            long due = start + dueNanos(i, batchSize, ratePerSecond);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            maxLagNanos = Math.max(maxLagNanos, System.nanoTime() - due);
            Replayer.Batch batch = batches.get(i);
            String body = PlatformClient.batchBody(batch.calls().stream().map(Call::message).toList(), Instant.now());
            answers.add(client.sendBatchAsync(writeKeys.get(batch.source()), body).whenComplete((response, error) -> {
                if (error != null || response.statusCode() / 100 != 2) {
                    failedCalls.addAndGet(batch.calls().size());
                }
            }));
            count += batch.calls().size();
            sent.accept(count);
        }
        long elapsed = System.nanoTime() - start;
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).exceptionally(error -> null).join();
        return new Outcome(count, failedCalls.get(), maxLagNanos / 1_000_000, count * 1e9 / Math.max(elapsed, 1));
    }

    /**
     * @param maxLagMillis     how late the most delayed batch left: a large value means the
     *                         client, not the platform, could not hold the rate
     * @param achievedPerSecond calls per second actually offered
     */
    public record Outcome(long calls, long failedCalls, long maxLagMillis, double achievedPerSecond) {
    }
}
