package io.cdp.activation.engine;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * CLV of every segment with members, at a fixed rate; a failed run is simply followed by the next.
 * Its own thread rather than a bean executor, so the app's scheduler stays Spring Boot's.
 */
public final class ClvSchedule implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(ClvSchedule.class);

    private final Measurement measurement;
    private final Duration every;
    private volatile ScheduledExecutorService scheduler;

    public ClvSchedule(Measurement measurement, Duration every) {
        this.measurement = measurement;
        this.every = every;
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "cdp-activation-clv");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleAtFixedRate(() -> {
            try {
                measurement.segmentsWithMembers().forEach(measurement::snapshotClv);
            } catch (RuntimeException e) {
                LOG.warn("CLV snapshot failed", e);
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
