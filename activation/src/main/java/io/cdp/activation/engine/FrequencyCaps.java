package io.cdp.activation.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.springframework.stereotype.Component;

import io.cdp.activation.ActivationProperties;
import io.cdp.activation.domain.Delivery;
import io.cdp.activation.domain.Hashing;
import io.cdp.activation.store.ActivationIndices;
import io.cdp.activation.store.CapLedger;
import io.cdp.platform.elasticsearch.Documents;

/**
 * Per profile and channel: at most N sends per window. A slot is taken with a real-time read and a
 * compare-and-set write before sending, so concurrent dispatchers (and the search index's refresh
 * delay) cannot exceed the cap; a send that fails gives its slot back, so a dead letter does not
 * count. Only a crash between taking the slot and finishing the send leaves a slot taken by a send
 * that may not have happened: then the cap errs on fewer mails.
 */
@Component
public final class FrequencyCaps {

    private static final int MAX_TRIES = 10;

    private final Documents<CapLedger> ledgers;
    private final Map<String, Integer> caps;
    private final Duration window;

    FrequencyCaps(ActivationIndices indices, ActivationProperties properties) {
        this.ledgers = indices.capLedgers();
        this.caps = properties.frequencyCaps();
        this.window = properties.frequencyWindow();
    }

    /** Takes a slot for the delivery (keeps the one it already holds); false when the cap is reached. */
    public boolean take(Delivery delivery, Instant now) {
        Integer cap = caps.get(delivery.channel());
        if (cap == null) {
            return true;
        }
        boolean[] capped = {false};
        update(delivery, slots -> {
            List<CapLedger.Slot> recent = new ArrayList<>(slots.stream()
                    .filter(s -> s.at().isAfter(now.minus(window))).toList());
            if (recent.stream().anyMatch(s -> s.delivery().equals(delivery.key()))) {
                return null;
            }
            if (recent.size() >= cap) {
                capped[0] = true;
                return null;
            }
            recent.add(new CapLedger.Slot(delivery.key(), now));
            return recent;
        });
        return !capped[0];
    }

    /** Gives back the delivery's slot: its send failed. */
    public void release(Delivery delivery) {
        if (caps.containsKey(delivery.channel())) {
            update(delivery, slots -> slots.stream().anyMatch(s -> s.delivery().equals(delivery.key()))
                    ? slots.stream().filter(s -> !s.delivery().equals(delivery.key())).toList() : null);
        }
    }

    /** The ledger of one profile and channel. */
    public static String ledgerId(String profileId, String channel) {
        return Hashing.sha256Hex(profileId + "|" + channel);
    }

    /** Applies {@code change} (null: nothing to write) to the ledger with compare-and-set, retrying lost races. */
    private void update(Delivery delivery, UnaryOperator<List<CapLedger.Slot>> change) {
        String id = ledgerId(delivery.profileId(), delivery.channel());
        for (int i = 0; i < MAX_TRIES; i++) {
            Optional<Documents.Versioned<CapLedger>> read = ledgers.get(id);
            List<CapLedger.Slot> changed = change.apply(read.map(r -> r.document().slots()).orElse(List.of()));
            if (changed == null) {
                return;
            }
            boolean written = read.isPresent() ? ledgers.replace(read.get(), new CapLedger(changed)).isPresent()
                    : ledgers.create(id, new CapLedger(changed));
            if (written) {
                return;
            }
        }
        throw new IllegalStateException("the frequency cap ledger is contended; retry later");
    }
}
