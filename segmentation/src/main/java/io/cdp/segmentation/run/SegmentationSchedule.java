package io.cdp.segmentation.run;

import org.springframework.scheduling.annotation.Scheduled;

import io.cdp.segmentation.catalog.DefinitionCatalog;

/** The timers: reload definitions saved elsewhere, run on the cron, resume runs whose owner died. */
public final class SegmentationSchedule {

    private final DefinitionCatalog catalog;
    private final SegmentationRuns runs;

    public SegmentationSchedule(DefinitionCatalog catalog, SegmentationRuns runs) {
        this.catalog = catalog;
        this.runs = runs;
    }

    @Scheduled(fixedDelayString = "${cdp.segmentation.definitions-refresh:5s}")
    public void reloadDefinitions() {
        catalog.reload();
    }

    @Scheduled(cron = "${cdp.segmentation.schedule.cron:0 0 3 * * *}")
    public void scheduledRun() {
        runs.start("schedule");
    }

    @Scheduled(fixedDelayString = "${cdp.segmentation.schedule.lease-timeout:2m}",
            initialDelayString = "${cdp.segmentation.schedule.lease-timeout:2m}")
    public void resumeStaleRuns() {
        runs.resumeStale();
    }
}
