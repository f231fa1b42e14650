package io.cdp.segmentation.drl;

/** Rule keys: segments, personas and stages share one rule base without id clashes. */
public final class SegmentKeys {

    public static final String SEGMENT = "segment:";
    public static final String PERSONA = "persona:";
    public static final String STAGE = "stage:";

    private SegmentKeys() {
    }

    public static String segment(String id) {
        return SEGMENT + id;
    }
}
