package io.cdp.segmentation;

import java.util.List;

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
}
