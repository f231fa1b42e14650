package io.cdp.activation.store;

import java.time.Instant;
import java.util.List;

/**
 * Recent sends of one profile on one channel, for the frequency cap: one slot per delivery, so a
 * send resumed after a crash keeps its slot instead of taking a second one, and a failed send
 * gives its slot back.
 */
public record CapLedger(List<Slot> slots) {

    public CapLedger {
        slots = slots == null ? List.of() : List.copyOf(slots);
    }

    /** The delivery (idempotency key) that took the slot, and when. */
    public record Slot(String delivery, Instant at) {
    }
}
