package io.cdp.activation.domain;

import java.time.Instant;

import io.cdp.platform.Sha256;

/**
 * One triggered send: profile × activation × membership entry (× entered/exited). Its key is the
 * idempotency key; the document is reserved before anything is sent and walks PENDING → SENDING
 * → SENT (or SKIPPED / DEAD with a reason). {@code inDoubt} marks a send resumed after its sender
 * died while SENDING: the destination may already have it.
 */
public record Delivery(String key, String activationId, String destinationId, String profileId, String segmentId,
        String entryId, String change, DeliveryState state, String channel, Instant dueAt, Instant leaseUntil,
        int attempts, String reason, boolean inDoubt, Instant createdAt, Instant updatedAt, Instant sentAt) {

    public static String key(String profileId, String activationId, String entryId, String change) {
        return Sha256.hex(profileId + "|" + activationId + "|" + entryId + "|" + change);
    }

    public Delivery to(DeliveryState newState, String newReason, Instant now) {
        return new Delivery(key, activationId, destinationId, profileId, segmentId, entryId, change, newState,
                channel, dueAt, leaseUntil, attempts, newReason, inDoubt, createdAt, now,
                newState == DeliveryState.SENT ? now : sentAt);
    }

    public Delivery claimed(Instant now, Instant until) {
        return new Delivery(key, activationId, destinationId, profileId, segmentId, entryId, change,
                DeliveryState.SENDING, channel, dueAt, until, attempts + 1, reason,
                inDoubt || state == DeliveryState.SENDING, createdAt, now, sentAt);
    }

    public Delivery rescheduled(Instant due, String why, Instant now) {
        return new Delivery(key, activationId, destinationId, profileId, segmentId, entryId, change,
                DeliveryState.PENDING, channel, due, null, attempts, why, inDoubt, createdAt, now, sentAt);
    }

    /** Postponed without counting as an attempt: the send window was closed. */
    public Delivery deferred(Instant due, String why, Instant now) {
        return new Delivery(key, activationId, destinationId, profileId, segmentId, entryId, change,
                DeliveryState.PENDING, channel, due, null, Math.max(0, attempts - 1), why, inDoubt, createdAt, now,
                sentAt);
    }

    public Delivery withReason(String shownReason) {
        return new Delivery(key, activationId, destinationId, profileId, segmentId, entryId, change, state, channel,
                dueAt, leaseUntil, attempts, shownReason, inDoubt, createdAt, updatedAt, sentAt);
    }

    /** A dead letter retried by hand: a fresh budget of attempts. */
    public Delivery retried(Instant now) {
        return new Delivery(key, activationId, destinationId, profileId, segmentId, entryId, change,
                DeliveryState.PENDING, channel, now, null, 0, "retried by hand", inDoubt, createdAt, now, sentAt);
    }
}
