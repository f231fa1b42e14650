package io.cdp.reporting;

import java.util.List;

/**
 * The journey funnel now, from current memberships: each stage's profiles, and those that reached it (sit in
 * it or a later stage), awareness → consideration → decision → service → loyalty. A stage's step conversion is
 * reached / reached by the stage before; stages defined besides the five follow them, in name order.
 * Profiles in no stage are in no step.
 */
public record JourneyFunnel(List<Step> stages) {

    public JourneyFunnel {
        stages = List.copyOf(stages);
    }

    /**
     * @param stepConversion reached / reached by the previous stage × 100, null for the first stage or when the
     *                       previous stage was reached by nobody
     */
    public record Step(String stage, long profiles, long reached, Double stepConversion) {
    }
}
