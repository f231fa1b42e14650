package io.cdp.activation.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.springframework.stereotype.Component;

import io.cdp.activation.ActivationProperties;
import io.cdp.activation.domain.Delivery;
import io.cdp.activation.store.ActivationIndices;
import io.cdp.activation.store.CapLedger;
import io.cdp.platform.Sha256;
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
            Taken taken = taken(slots, delivery, cap, now);
            capped[0] = taken.capped();
            return taken.slots();
        });
        return !capped[0];
    }

    /**
     * {@link #take} for many deliveries at once: their ledgers read in one request and written in
     * one, a ledger somebody else wrote meanwhile taken again one delivery at a time. The keys of
     * the deliveries at their cap.
     */
    public Set<String> takeAll(List<Delivery> deliveries, Instant now) {
        Map<String, List<Delivery>> byLedger = new LinkedHashMap<>();
        deliveries.stream().filter(d -> caps.containsKey(d.channel())).forEach(d -> byLedger
                .computeIfAbsent(ledgerId(d.profileId(), d.channel()), id -> new ArrayList<>()).add(d));
        Map<String, Documents.Versioned<CapLedger>> read = ledgers.getAll(byLedger.keySet());
        Set<String> capped = new HashSet<>();
        List<Documents.Write<CapLedger>> writes = new ArrayList<>();
        byLedger.forEach((id, ofLedger) -> {
            Documents.Versioned<CapLedger> ledger = read.get(id);
            List<CapLedger.Slot> slots = ledger == null ? List.of() : ledger.document().slots();
            boolean changed = false;
            for (Delivery delivery : ofLedger) {
                Taken taken = taken(slots, delivery, caps.get(delivery.channel()), now);
                if (taken.capped()) {
                    capped.add(delivery.key());
                } else if (taken.slots() != null) {
                    slots = taken.slots();
                    changed = true;
                }
            }
            if (changed) {
                writes.add(ledger == null ? Documents.Write.create(id, new CapLedger(slots))
                        : Documents.Write.replace(ledger, new CapLedger(slots)));
            }
        });
        Set<String> written = ledgers.writeAll(writes).keySet();
        writes.stream().filter(w -> !written.contains(w.id())).forEach(lost -> byLedger.get(lost.id()).forEach(d -> {
            if (take(d, now)) {
                capped.remove(d.key());
            } else {
                capped.add(d.key());
            }
        }));
        return capped;
    }

    /** The slots after the delivery takes one (null: nothing to write), or capped. */
    private record Taken(List<CapLedger.Slot> slots, boolean capped) {
    }

    private Taken taken(List<CapLedger.Slot> slots, Delivery delivery, int cap, Instant now) {
        List<CapLedger.Slot> recent = new ArrayList<>(slots.stream()
                .filter(s -> s.at().isAfter(now.minus(window))).toList());
        if (recent.stream().anyMatch(s -> s.delivery().equals(delivery.key()))) {
            return new Taken(null, false);
        }
        if (recent.size() >= cap) {
            return new Taken(null, true);
        }
        recent.add(new CapLedger.Slot(delivery.key(), now));
        return new Taken(recent, false);
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
        return Sha256.hex(profileId + "|" + channel);
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
