package io.cdp.activation.engine;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

import io.cdp.activation.ActivationProperties;

/** The periodic work of an instance that consumes: off with the listeners, and in the import command. */
final class Schedules {

    private Schedules() {
    }

    /** Records CLV per segment with members, for the history of {@code /api/measurement}. */
    @Component
    @ConditionalOnProperty(prefix = "cdp.activation", name = "listeners-enabled", matchIfMissing = true)
    static final class ClvSnapshots extends Periodic {

        ClvSnapshots(ActivationProperties properties, Measurement measurement, KafkaProperties kafka) {
            super("clv", properties.clvSnapshotInterval(),
                    () -> measurement.segmentsWithMembers().forEach(measurement::snapshotClv),
                    kafka.getListener().isAutoStartup());
        }
    }

    /** Takes over full syncs whose instance died or that stopped on a transient failure. */
    @Component
    @ConditionalOnProperty(prefix = "cdp.activation", name = "listeners-enabled", matchIfMissing = true)
    static final class FullSyncResumption extends Periodic {

        FullSyncResumption(ActivationProperties properties, FullSyncs fullSyncs, KafkaProperties kafka) {
            super("full-sync-resume", properties.fullSync().lease(), fullSyncs::resumeStale,
                    kafka.getListener().isAutoStartup());
        }
    }
}
