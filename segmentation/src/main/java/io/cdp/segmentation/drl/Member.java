package io.cdp.segmentation.drl;

/** A rule matched in the running evaluation; the index is the rule's position, never user text. */
public record Member(int index) {
}
