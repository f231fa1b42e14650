package io.cdp.profile.store;

/** A document with the sequence number and primary term it was read at, for optimistic writes. */
public record Versioned<T>(T document, long seqNo, long primaryTerm) {
}
