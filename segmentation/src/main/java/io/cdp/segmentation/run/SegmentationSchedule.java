package io.cdp.segmentation.run;

import lombok.RequiredArgsConstructor;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.cdp.segmentation.catalog.DefinitionCatalog;

/**
 * The timers: reload definitions saved elsewhere, run on the cron, resume runs whose owner died. Timers run
 * where the listeners run: not in a JVM started with the listeners off (the import command).
 */
@Component
@ConditionalOnBooleanProperty(name = "spring.kafka.listener.auto-startup", matchIfMissing = true)
@RequiredArgsConstructor
final class SegmentationSchedule {

    private final DefinitionCatalog catalog;
    private final SegmentationRuns runs;

    @Scheduled(fixedDelayString = "${cdp.segmentation.definitions-refresh:5s}")
    void reloadDefinitions() {
        catalog.reload();
    }

    @Scheduled(cron = "${cdp.segmentation.schedule.cron:0 0 3 * * *}")
    void scheduledRun() {
        runs.start("schedule");
    }

    @Scheduled(fixedDelayString = "${cdp.segmentation.schedule.lease-timeout:2m}",
            initialDelayString = "${cdp.segmentation.schedule.lease-timeout:2m}")
    void resumeStaleRuns() {
        runs.resumeStale();
    }
}
