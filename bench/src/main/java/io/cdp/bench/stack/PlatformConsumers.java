package io.cdp.bench.stack;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.cdp.bench.report.ProgressBar;
import io.cdp.platform.Topics;

/**
 * The platform's consumer groups (their default names) and the topic each consumes. A benchmark that waits until
 * all of them have consumed their topics to the end measures from a steady state and counts the work its load caused
 * downstream: segmentation publishes a change before activation stores its entry, so activation can still be
 * catching up when the measured step itself looks done, and its backlog would otherwise be billed to the next step.
 */
public final class PlatformConsumers {

    private static final List<Map.Entry<String, String>> GROUPS = List.of(
            Map.entry("cdp-profile-store", Topics.EVENTS), Map.entry("cdp-segmentation", Topics.PROFILE_CHANGES),
            Map.entry("cdp-activation", Topics.MEMBERSHIPS), Map.entry("cdp-activation-conversions", Topics.EVENTS),
            Map.entry("cdp-activation-erasure", Topics.PROFILE_CHANGES));

    private PlatformConsumers() {
    }

    /**
     * Waits until every group has consumed what its topic held when its turn came (a group that stops moving for
     * two minutes ends the wait for it), showing a progress bar per group; returns the seconds it took.
     */
    public static double awaitCaughtUp(String bootstrapServers) throws InterruptedException {
        long start = System.nanoTime();
        for (Map.Entry<String, String> group : GROUPS) {
            try (ConsumerProgress progress = new ConsumerProgress(bootstrapServers, group.getKey(), group.getValue())) {
                ProgressBar bar = ProgressBar.onConsole(group.getKey(), progress.appended());
                bar.finish(progress.awaitEnd(Duration.ofMinutes(2), bar::update));
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
