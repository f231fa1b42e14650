package io.cdp.segmentation;

import java.util.Optional;
import java.util.Set;

public record Evaluation(Set<String> segments, Optional<PersonaMatch> persona,
                         Optional<StageMatch> stageMatch) {

    public Evaluation {
        segments = Set.copyOf(segments);
    }

    public Optional<JourneyStage> stage() {
        return stageMatch.map(StageMatch::stage);
    }
}
