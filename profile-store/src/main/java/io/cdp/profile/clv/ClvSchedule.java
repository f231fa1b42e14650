package io.cdp.profile.clv;

import lombok.RequiredArgsConstructor;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** The scheduled CLV run; not in a JVM started with the listeners off (the import command). */
@Component
@ConditionalOnBooleanProperty(name = "spring.kafka.listener.auto-startup", matchIfMissing = true)
@RequiredArgsConstructor
final class ClvSchedule {

    private final ClvRuns runs;

    @Scheduled(cron = "${cdp.profile.clv.cron:0 30 2 * * *}")
    void scheduledRun() {
        runs.start("schedule");
    }
}
