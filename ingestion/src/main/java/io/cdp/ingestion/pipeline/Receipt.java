package io.cdp.ingestion.pipeline;

import java.time.Instant;

import io.cdp.platform.EventType;

/** What ingestion decided about a call: whose it is, which call, and its skew-corrected time. */
record Receipt(String sourceId, EventType type, Instant timestamp, Instant receivedAt) {
}
