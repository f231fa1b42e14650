package io.cdp.segmentation;

import java.util.Locale;

public enum JourneyStage {
    AWARENESS, CONSIDERATION, DECISION, SERVICE, LOYALTY;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
