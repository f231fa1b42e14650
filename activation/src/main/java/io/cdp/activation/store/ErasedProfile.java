package io.cdp.activation.store;

import java.time.Instant;

/**
 * A profile id the profile store erased: membership events about it still in Kafka create no
 * entry or delivery. Holds nothing but the pseudonymous id (the profile store keeps the same id in
 * its tombstone) and when activation learned of the erasure.
 */
public record ErasedProfile(String id, Instant erasedAt) {
}
