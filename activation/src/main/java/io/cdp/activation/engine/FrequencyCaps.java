package io.cdp.activation.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.cdp.activation.domain.Hashing;
import io.cdp.activation.store.CapLedger;
import io.cdp.activation.store.Documents;

/**
 * Per profile and channel: at most N sends per window. A slot is taken with a real-time read and a
 * compare-and-set write before sending, so concurrent dispatchers (and the search index's refresh
 * delay) cannot exceed the cap. A slot whose send then fails stays taken: the cap errs on fewer mails.
 */
public final class FrequencyCaps {

    private static final int MAX_TRIES = 10;

    private final Documents<CapLedger> ledgers;
    private final Map<String, Integer> caps;
    private final Duration window;

    public FrequencyCaps(Documents<CapLedger> ledgers, Map<String, Integer> caps, Duration window) {
        this.ledgers = ledgers;
        this.caps = caps;
        this.window = window;
    }

    /** Takes a slot; false when the cap is reached. */
    public boolean take(String profileId, String channel, Instant now) {
        Integer cap = caps.get(channel);
        if (cap == null) {
            return true;
        }
        String id = Hashing.sha256Hex(profileId + "|" + channel);
        for (int i = 0; i < MAX_TRIES; i++) {
            Optional<Documents.Versioned<CapLedger>> read = ledgers.get(id);
            List<Instant> recent = new ArrayList<>();
            read.ifPresent(r -> r.document().sends().stream().filter(at -> at.isAfter(now.minus(window)))
                    .forEach(recent::add));
            if (recent.size() >= cap) {
                return false;
            }
            recent.add(now);
            boolean written = read.isPresent() ? ledgers.replace(read.get(), new CapLedger(recent)).isPresent()
                    : ledgers.create(id, new CapLedger(recent));
            if (written) {
                return true;
            }
        }
        throw new IllegalStateException("the frequency cap ledger is contended; retry later");
    }
}
