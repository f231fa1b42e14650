package io.cdp.activation.engine;

import java.time.Duration;

import lombok.RequiredArgsConstructor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.cdp.activation.ActivationProperties;
import io.cdp.platform.DaemonThreads;

/**
 * Runs the dispatcher on its own thread: back to back while work is due, and when none is, waiting for
 * deliveries the membership consumer hands over ({@link DeliveryHandoff}) until the next search.
 */
@Component
@ConditionalOnProperty(prefix = "cdp.activation", name = "listeners-enabled", matchIfMissing = true)
@RequiredArgsConstructor
final class DispatchLoop implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(DispatchLoop.class);

    private final Dispatcher dispatcher;
    private final DeliveryHandoff handoff;
    private final ActivationProperties properties;
    private final KafkaProperties kafka;
    private volatile Thread thread;

    @Override
    public boolean isAutoStartup() {
        // the same switch as the Kafka listeners: a JVM that consumes nothing (the import command) sends nothing either
        return kafka.getListener().isAutoStartup();
    }

    @Override
    public void start() {
        Thread started = DaemonThreads.named("cdp-activation-dispatch-").newThread(this::run);
        thread = started;
        started.start();
    }

    private void run() {
        int batchSize = properties.dispatch().batchSize();
        Duration idlePause = properties.dispatch().interval();
        long nextSearch = System.nanoTime();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                // searches back to back while they find work, else one per pause; handed over deliveries in between
                if (System.nanoTime() - nextSearch >= 0) {
                    nextSearch = System.nanoTime() + (dispatcher.dispatchDue() > 0 ? 0 : idlePause.toNanos());
                }
                long untilSearch = Math.max(0, nextSearch - System.nanoTime());
                dispatcher.dispatchHandedOver(handoff.take(batchSize, Duration.ofNanos(untilSearch)));
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // Elasticsearch unavailable and the like: claimed deliveries come back when their lease ends
                LOG.warn("dispatching failed, retrying", e);
                try {
                    Thread.sleep(idlePause.multipliedBy(4).toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    @Override
    public void stop() {
        Thread running = thread;
        if (running != null) {
            running.interrupt();
            try {
                running.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // the send workers outlive a stop: a context stopped and started again (Spring's test context
        // pausing, a lifecycle restart) runs this loop again on the same dispatcher, which closes them
        // when the context closes
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }
}
