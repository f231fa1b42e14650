package io.cdp.activation.engine;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import lombok.RequiredArgsConstructor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import io.cdp.platform.DaemonThreads;

/**
 * A task at a fixed rate on its own thread (CLV snapshots, resuming stale full syncs); a failed run
 * is simply followed by the next. Its own thread rather than a bean executor, so the app's
 * scheduler stays Spring Boot's.
 */
@RequiredArgsConstructor
abstract class Periodic implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(Periodic.class);

    private final String name;
    private final Duration every;
    private final Runnable task;
    /** False in a JVM that only writes (the import command). */
    private final boolean autoStartup;
    private volatile ScheduledExecutorService scheduler;

    @Override
    public boolean isAutoStartup() {
        return autoStartup;
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("cdp-activation-" + name + "-"));
        scheduler.scheduleAtFixedRate(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("{} failed", name, e);
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        scheduler = null;
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
