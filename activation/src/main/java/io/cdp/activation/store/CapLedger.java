package io.cdp.activation.store;

import java.time.Instant;
import java.util.List;

/** Recent sends of one profile on one channel, for the frequency cap. */
public record CapLedger(List<Instant> sends) {

    public CapLedger {
        sends = sends == null ? List.of() : List.copyOf(sends);
    }
}
