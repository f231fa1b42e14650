package io.cdp.segmentation.realtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import lombok.RequiredArgsConstructor;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

import io.cdp.platform.Topics;
import io.cdp.platform.kafka.BatchListener;
import io.cdp.profile.ProfileChanged;
import io.cdp.profile.ProfileErased;
import io.cdp.profile.ProfileEvent;
import io.cdp.profile.ProfileId;
import io.cdp.profile.ProfileMerged;
import io.cdp.profile.ProfileSnapshot;
import io.cdp.profile.Profiles;
import io.cdp.segmentation.membership.MembershipUpdater;

/**
 * Evaluates changed profiles a poll at a time: one findAll, one evaluation per profile however many
 * changes it had in the poll (on its latest state, with the cause of its first change in the poll, which
 * is what handling the records one by one would give), one write of all states, one batch of sends.
 * Erased people are deleted, nothing is published about them. Offsets are committed by the container
 * after this returns, i.e. after memberships are stored and their events acknowledged. A record that
 * cannot succeed is handed to the error handler by index: the records before it are committed, it is
 * dead-lettered, the ones after it come again (already handled: they publish nothing more). Off where
 * {@code cdp.segmentation.listener-enabled=false} (API-only instances).
 */
@Component
@RequiredArgsConstructor
@ConditionalOnProperty(prefix = "cdp.segmentation", name = "listener-enabled", matchIfMissing = true)
final class ProfileChangesListener {

    /** Longest chain of merges followed inside one poll (a merged survivor merged again). */
    private static final int MAX_MERGE_HOPS = 16;

    private final Profiles profiles;
    private final MembershipUpdater updater;
    private final SegmentationFailureClassifier classifier;

    @BatchListener(id = "profileChangesContainer",
            topics = "${cdp.segmentation.changes-topic:" + Topics.PROFILE_CHANGES + "}",
            containerFactory = "profileChangesContainerFactory")
    void onChanges(List<ConsumerRecord<String, ProfileEvent>> records) {
        int readable = 0;
        while (readable < records.size() && records.get(readable).value() != null) {
            readable++;
        }
        List<ProfileEvent> events = new ArrayList<>(readable);
        records.subList(0, readable).forEach(r -> events.add(r.value()));
        Failure first = events.isEmpty() ? null : process(events);
        if (first == null && readable < records.size()) {
            // the deserializer already failed on this record: dead-letter it, go on after it
            first = new Failure(readable, new PermanentChangeFailure("unreadable profile change"));
        }
        if (first != null) {
            throw new BatchListenerFailedException(classifier.reason(first.failure()), first.failure(),
                    first.index());
        }
    }

    /** The first record that failed, null when all succeeded. */
    private Failure process(List<ProfileEvent> events) {
        Map<String, String> mergedAway = new HashMap<>();
        Set<String> erased = new LinkedHashSet<>();
        int firstErasure = -1;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof ProfileMerged m) {
                m.mergedIds().forEach(id -> mergedAway.put(id.value(), m.survivorId().value()));
            } else if (events.get(i) instanceof ProfileErased e) {
                erased.add(e.profileId().value());
                e.mergedIds().forEach(id -> erased.add(id.value()));
                firstErasure = firstErasure < 0 ? i : firstErasure;
            }
        }
        mergedAway.keySet().removeAll(erased);
        Map<String, String> failed;
        String[] target = new String[events.size()];
        try {
            Map<String, String> causes = new HashMap<>();
            List<ProfileSnapshot> live = resolve(events, mergedAway, erased, target, causes);
            // a profile merged meanwhile that has to be read again may come back as a survivor no record named
            String fallbackCause = Arrays.stream(target).filter(Objects::nonNull).findFirst().map(causes::get)
                    .orElse(null);
            failed = updater.update(live, causes, fallbackCause, mergedAway).failed();
        } catch (RuntimeException e) {
            return new Failure(0, handed(e));
        }
        Failure first = null;
        for (int i = 0; i < events.size() && first == null; i++) {
            String reason = target[i] == null ? null : failed.get(target[i]);
            if (reason == null && events.get(i) instanceof ProfileMerged m) {
                reason = m.mergedIds().stream().map(id -> failed.get(id.value())).filter(Objects::nonNull)
                        .findFirst().orElse(null);
            }
            if (reason != null) {
                first = new Failure(i, new PermanentChangeFailure(reason));
            }
        }
        try {
            updater.forget(erased);
        } catch (RuntimeException e) {
            if (first == null || firstErasure < first.index()) {
                first = new Failure(firstErasure, handed(e));
            }
        }
        return first;
    }

    /**
     * The live profiles the poll's changes and merges land on, each once; fills in, per record, the
     * profile it lands on ({@code target}, null for erasures and erased people) and, per profile, the
     * cause of its first record. A change of a profile merged away since lands on its survivor.
     */
    private List<ProfileSnapshot> resolve(List<ProfileEvent> events, Map<String, String> mergedAway,
            Set<String> erased, String[] target, Map<String, String> causes) {
        String[] requested = new String[events.size()];
        Set<String> wanted = new LinkedHashSet<>();
        for (int i = 0; i < events.size(); i++) {
            ProfileEvent event = events.get(i);
            String id = event instanceof ProfileChanged c ? c.profileId().value()
                    : event instanceof ProfileMerged m ? m.survivorId().value() : null;
            if (id != null) {
                requested[i] = survivor(id, mergedAway);
                wanted.add(requested[i]);
            }
        }
        wanted.removeAll(erased);
        Map<String, ProfileSnapshot> live = new LinkedHashMap<>();
        Map<String, String> resolved = new HashMap<>();
        for (ProfileSnapshot p : profiles.findAll(wanted.stream().map(ProfileId::of).toList())) {
            // an id merged away earlier may come back as a survivor erased in this poll (not yet tombstoned)
            if (!erased.contains(p.id().value())) {
                live.put(p.id().value(), p);
                resolved.put(p.id().value(), p.id().value());
            }
        }
        for (String id : wanted) {
            if (!resolved.containsKey(id)) {
                // merged away in an earlier poll (or erased, or unknown): rare, looked up one by one
                profiles.find(ProfileId.of(id)).filter(p -> !erased.contains(p.id().value())).ifPresent(p -> {
                    live.putIfAbsent(p.id().value(), p);
                    resolved.put(id, p.id().value());
                });
            }
        }
        for (int i = 0; i < events.size(); i++) {
            target[i] = requested[i] == null ? null : resolved.get(requested[i]);
            if (target[i] != null) {
                causes.putIfAbsent(target[i], cause(events.get(i)));
            }
        }
        return List.copyOf(live.values());
    }

    private static String survivor(String id, Map<String, String> mergedAway) {
        String current = id;
        for (int hop = 0; hop < MAX_MERGE_HOPS && mergedAway.containsKey(current); hop++) {
            current = mergedAway.get(current);
        }
        return current;
    }

    private static String cause(ProfileEvent event) {
        if (event instanceof ProfileChanged c) {
            return c.causeMessageId() != null ? c.causeMessageId() : "changed:" + c.at();
        }
        ProfileMerged m = (ProfileMerged) event;
        return "merge:" + m.survivorId() + ":" + m.at();
    }

    private Throwable handed(RuntimeException e) {
        return classifier.isTransient(e) ? e : new PermanentChangeFailure(classifier.reason(e), e);
    }

    private record Failure(int index, Throwable failure) {
    }

    /** Not retried: the record goes to the dead-letter topic with this reason. */
    static final class PermanentChangeFailure extends RuntimeException {
        PermanentChangeFailure(String reason) {
            super(reason);
        }

        PermanentChangeFailure(String reason, Throwable cause) {
            super(reason, cause);
        }
    }
}
