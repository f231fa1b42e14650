package io.cdp.segmentation;

/** The journey stage a profile is in: the first matching stage in definition order, and why. */
public record StageMatch(JourneyStage stage, int position, String reason) {
}
