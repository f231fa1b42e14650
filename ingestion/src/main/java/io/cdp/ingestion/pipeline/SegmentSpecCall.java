package io.cdp.ingestion.pipeline;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.cdp.platform.EventIngested;

/**
 * One Segment-spec call as SDKs send it (wire DTO). Only the edge sees it; {@link SegmentSpecCallMapper}
 * turns it into the domain's {@link EventIngested}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record SegmentSpecCall(
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
