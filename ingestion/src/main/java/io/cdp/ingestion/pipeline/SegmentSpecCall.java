package io.cdp.ingestion.pipeline;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One Segment-spec call as SDKs send it (wire DTO). Only the edge sees it; {@link SegmentSpecCallMapper}
 * turns it into the domain's {@link io.cdp.platform.EventIngested}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SegmentSpecCall(
        String type,
        String messageId,
        String userId,
        String anonymousId,
        String previousId,
        String groupId,
        String event,
        String name,
        String timestamp,
        String originalTimestamp,
        String sentAt,
        Map<String, Object> traits,
        Map<String, Object> properties,
        Map<String, Object> context,
        Map<String, Object> integrations) {
}
