package io.cdp.activation.engine;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.cdp.activation.ActivationProperties;

/** Runs the dispatcher on its own thread: back to back while work is due, pausing when none is. */
@Component
@ConditionalOnProperty(prefix = "cdp.activation", name = "listeners-enabled", matchIfMissing = true)
final class DispatchLoop implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(DispatchLoop.class);

    private final Dispatcher dispatcher;
    private final Duration idlePause;
    private final boolean autoStartup;
    private volatile Thread thread;

    DispatchLoop(Dispatcher dispatcher, ActivationProperties properties, KafkaProperties kafka) {
        this.dispatcher = dispatcher;
        this.idlePause = properties.dispatch().interval();
        // the same switch as the Kafka listeners: a JVM that consumes nothing (the import command) sends nothing either
        this.autoStartup = kafka.getListener().isAutoStartup();
    }

    @Override
    public boolean isAutoStartup() {
        return autoStartup;
    }

    @Override
    public void start() {
        Thread started = new Thread(this::run, "cdp-activation-dispatch");
        started.setDaemon(true);
        thread = started;
        started.start();
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                if (dispatcher.dispatchDue() == 0) {
                    Thread.sleep(idlePause.toMillis());
                }
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
