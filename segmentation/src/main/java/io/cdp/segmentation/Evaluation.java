package io.cdp.segmentation;

import java.util.Optional;
import java.util.Set;

public record Evaluation(Set<String> segments, Optional<PersonaMatch> persona,
                         Optional<JourneyStage> stage) {

    public Evaluation {
        segments = Set.copyOf(segments);
    }
}
