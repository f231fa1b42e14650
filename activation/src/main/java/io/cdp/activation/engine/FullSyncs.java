package io.cdp.activation.engine;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.cdp.activation.domain.Activation;

/**
 * Runs full audience syncs in the background, two at a time. Its own executor rather than an
 * Executor bean, which would displace Spring Boot's application task executor.
 */
public final class FullSyncs implements AutoCloseable {

    private final AudienceSync audienceSync;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread thread = new Thread(r, "cdp-activation-full-sync");
        thread.setDaemon(true);
        return thread;
    });

    public FullSyncs(AudienceSync audienceSync) {
        this.audienceSync = audienceSync;
    }

    public void start(Activation activation) {
        executor.execute(() -> audienceSync.fullSync(activation));
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
