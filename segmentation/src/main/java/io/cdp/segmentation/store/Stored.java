package io.cdp.segmentation.store;

/** A document with the sequence number and primary term it was read at, for conditional writes. */
public record Stored<T>(T document, long seqNo, long primaryTerm) {
}
