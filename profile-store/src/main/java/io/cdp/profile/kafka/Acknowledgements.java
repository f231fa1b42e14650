package io.cdp.profile.kafka;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.errors.TimeoutException;

/** Waiting for Kafka to acknowledge sends: a publisher returns only once its records are durable. */
final class Acknowledgements {

    private Acknowledgements() {
    }

    /** Waits for all sends at once, so that the producer batches their records. */
    static void await(List<CompletableFuture<?>> sends, String what) {
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + what, e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            // a retriable Kafka failure: the failure classifiers count it as transient
            throw new TimeoutException(what + " failed", e);
        }
    }
}
