package io.cdp.segmentation;

import java.util.ArrayList;
import java.util.List;

import io.cdp.segmentation.definition.DefaultDefinitions;

/**
 * Everything an {@link Evaluator} evaluates. Personas and stages are ordered: the first match
 * wins. Stage ids are {@link JourneyStage} ids.
 */
public record Definitions(List<SegmentDefinition> segments, List<SegmentDefinition> personas,
                          List<SegmentDefinition> stages) {

    public Definitions {
        segments = segments == null ? List.of() : List.copyOf(segments);
        personas = personas == null ? List.of() : List.copyOf(personas);
        stages = stages == null ? List.of() : List.copyOf(stages);
    }

    /** The shipped lifecycle segments and the default journey stages, both per the thresholds; no personas. */
    public static Definitions defaults(LifecycleThresholds thresholds) {
        return new Definitions(DefaultDefinitions.lifecycle(thresholds), List.of(), DefaultDefinitions.stages(thresholds));
    }

    /** These definitions followed by {@code more}'s, in order. */
    public Definitions plus(Definitions more) {
        return new Definitions(concat(segments, more.segments), concat(personas, more.personas),
                concat(stages, more.stages));
    }

    private static List<SegmentDefinition> concat(List<SegmentDefinition> a, List<SegmentDefinition> b) {
        List<SegmentDefinition> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
