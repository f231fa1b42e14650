package io.cdp.segmentation;

/**
 * A segment, persona or journey stage. Either {@code condition} (the marketer's tree) or
 * {@code drl} (raw rule conditions, admin only and off unless enabled) is set.
 */
public record SegmentDefinition(String id, String name, Condition condition, String drl) {

    public static SegmentDefinition of(String id, String name, Condition condition) {
        return new SegmentDefinition(id, name, condition, null);
    }
}
