package io.cdp.segmentation.membership;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Service;

import io.cdp.platform.elasticsearch.Documents.Versioned;
import io.cdp.profile.ProfileId;
import io.cdp.profile.ProfileSnapshot;
import io.cdp.profile.Profiles;
import io.cdp.segmentation.Condition;
import io.cdp.segmentation.Evaluation;
import io.cdp.segmentation.Evaluator;
import io.cdp.segmentation.membership.MembershipDocument.Change;
import io.cdp.segmentation.store.MembershipStore;
import io.cdp.segmentation.store.MembershipStore.HistoryEntry;
import io.cdp.segmentation.store.MembershipStore.HistoryRecord;
import io.cdp.segmentation.store.MembershipStore.WriteResult;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/**
 * Evaluates a batch of profiles and makes their stored memberships match, shared by real-time and
 * scheduled evaluation. Order, for crash safety: (1) the new states are written with their events
 * in an outbox, conditional on the state they were computed from; (2) the events are published and
 * acknowledged; (3) history is appended (create-only, replay-safe) and the outboxes are emptied, in one
 * bulk. A crash before (1) leaves nothing behind; after (1) the retry finds the outbox still full,
 * publishes it again with the same entry ids and appends its history. A state that changed under us
 * is recomputed.
 */
@Service
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public final class MembershipUpdater implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MembershipUpdater.class);
    private static final int ATTEMPTS = 8;
    private static final String NOT_EVALUABLE = "profile could not be evaluated by the rules";
    private static final int PARALLELISM = Runtime.getRuntime().availableProcessors();

    private final Profiles profiles;
    private final Evaluator evaluator;
    private final FilteredEventCounts eventCounts;
    private final MembershipStore store;
    private final MembershipPublisher publisher;
    private final RunOutboxes runOutboxes;
    private final Clock clock;
    /**
     * Drools sessions are per evaluation, so a batch evaluates on all cores. Not the common fork-join
     * pool: its threads do not see the application's class loader in a packaged app.
     */
    private final ExecutorService evaluators = Executors.newFixedThreadPool(PARALLELISM,
            new CustomizableThreadFactory("segmentation-evaluator-"));

    /**
     * @param live       live profiles to evaluate
     * @param causes     per profile id, what made it change (its absence: {@code defaultCause})
     * @param mergedAway merged-away profile id → survivor id; these leave everything
     * @return how many profiles' memberships changed, and the profiles skipped because retrying cannot
     *         help (the engine could not evaluate them twice, Elasticsearch refused their state), with the reason
     */
    public Result update(List<ProfileSnapshot> live, Map<String, String> causes, String defaultCause,
            Map<String, String> mergedAway) {
        return update(live, causes, defaultCause, mergedAway, true);
    }

    /**
     * A {@code defaultCause} of {@link RunOutboxes#cause a run} leaves the outboxes holding only its own changes
     * full: the caller must record the batch in the run's cursor once this returns, which marks them published.
     *
     * @param freshEvents whether filtered event conditions must count the events written up to now (a
     *                    real-time change: one timeline refresh); a scheduled page counts what is refreshed
     */
    public Result update(List<ProfileSnapshot> live, Map<String, String> causes, String defaultCause,
            Map<String, String> mergedAway, boolean freshEvents) {
        Map<String, ProfileSnapshot> pending = new LinkedHashMap<>();
        live.forEach(p -> pending.put(p.id().value(), p));
        Map<String, String> pendingMerged = new LinkedHashMap<>(mergedAway);
        int changed = 0;
        Timings timings = Timings.NONE;
        Map<String, String> failed = new HashMap<>();
        for (int attempt = 1; !pending.isEmpty() || !pendingMerged.isEmpty(); attempt++) {
            if (attempt > ATTEMPTS) {
                throw new MembershipConflictException();
            }
            Round round = round(pending, causes, defaultCause, pendingMerged, failed, freshEvents && attempt == 1,
                    attempt == 1);
            changed += round.written();
            timings = timings.plus(round.timings());
            Set<String> retry = new HashSet<>(round.retry());
            pendingMerged.keySet().retainAll(retry);
            pending.keySet().retainAll(retry);
            if (!pending.isEmpty()) {
                // someone else wrote these memberships meanwhile: evaluate the profile as it is now
                pending.clear();
                profiles.findAll(retry.stream().filter(id -> !mergedAway.containsKey(id)).map(ProfileId::of)
                        .toList()).forEach(p -> pending.put(p.id().value(), p));
            }
        }
        return new Result(changed, Map.copyOf(failed), timings);
    }

    /**
     * @param failed  profile id → why it was skipped, without personal data
     * @param timings where the batch's time went
     */
    public record Result(int changed, Map<String, String> failed, Timings timings) {
    }

    /**
     * Nanoseconds a batch spent reading (stored states, event counts), evaluating, writing the states, publishing,
     * and appending history / emptying outboxes.
     */
    public record Timings(long read, long evaluate, long writeStates, long publish, long finish) {

        public static final Timings NONE = new Timings(0, 0, 0, 0, 0);

        public Timings plus(Timings o) {
            return new Timings(read + o.read, evaluate + o.evaluate, writeStates + o.writeStates, publish + o.publish,
                    finish + o.finish);
        }
    }

    /** Deletes what is held about these profiles (an erased person) and publishes nothing about them. */
    public void forget(Collection<String> profileIds) {
        store.erase(profileIds);
    }

    /**
     * One evaluation of the pending profiles against their stored states, then two bulks and one batch of
     * sends: (1) the changed states with their events in the outbox, each conditional on the state it was
     * computed from; (2) the events published, acknowledged; (3) history appended and outboxes emptied.
     * History goes with the emptying rather than with the states because a state can lose its race and
     * be recomputed differently: history written with it would tell of entries that never were.
     */
    private Round round(Map<String, ProfileSnapshot> live, Map<String, String> causes, String defaultCause,
            Map<String, String> mergedAway, Map<String, String> failed, boolean freshEvents, boolean firstRound) {
        long t0 = System.nanoTime();
        Set<String> ids = new HashSet<>(live.keySet());
        ids.addAll(mergedAway.keySet());
        Map<String, Versioned<MembershipDocument>> stored = store.load(ids);
        Map<String, MembershipDocument> before = unpublishedOnly(stored);
        Instant now = clock.instant();
        List<MembershipDocument> next = new ArrayList<>();
        List<MembershipDocument> unpublished = new ArrayList<>();
        Map<String, String> causeOf = new HashMap<>();
        Evaluator.Rules rules = evaluator.rules();
        Map<String, Map<Condition.EventSelection, Long>> counts = eventCounts.load(rules, live.values(), freshEvents);
        long t1 = System.nanoTime();
        List<Outcome> outcomes = evaluateAll(List.copyOf(live.values()), p -> outcome(rules, p,
                counts.get(p.id().value()), before.get(p.id().value()),
                causes.getOrDefault(p.id().value(), defaultCause), now));
        List<String> evaluateAgain = new ArrayList<>();
        List<Outcome> failures = outcomes.stream().filter(Outcome::failed).toList();
        if (!failures.isEmpty()) {
            LOG.warn("{} of {} profiles could not be evaluated{}; the first, {}: {}", failures.size(), outcomes.size(),
                    firstRound ? " and are evaluated once more" : "", failures.get(0).profileId(),
                    withoutMessages(failures.get(0).failure()));
        }
        for (Outcome o : outcomes) {
            if (o.failed() && firstRound) {
                // the race that made evaluations of a fresh rule set fail once is fixed where it arose (the live
                // rule set runs compiled constraints, DrlCompiler.Threads.MANY); a failed profile is still evaluated
                // once more, on its own read, before it is reported: free when nothing fails, and a one-off failure
                // must not keep a person out of a segment until their next change
                evaluateAgain.add(o.profileId());
                continue;
            }
            if (o.failed()) {
                failed.put(o.profileId(), NOT_EVALUABLE);
                continue;
            }
            causeOf.put(o.profileId(), o.cause());
            add(next, unpublished, o.before(), o.after());
        }
        mergedAway.forEach((id, survivor) -> {
            causeOf.put(id, MembershipChanges.mergedCause(survivor));
            add(next, unpublished, before.get(id), MembershipChanges.mergedInto(id, before.get(id), survivor, now));
        });
        long t2 = System.nanoTime();
        WriteResult written = store.write(next, stored);
        failed.putAll(written.rejected());
        List<MembershipDocument> done = next.stream().filter(s -> written.written().containsKey(s.profileId()))
                .toList();
        Map<String, long[]> versions = new HashMap<>(written.written());
        unpublished.forEach(s -> versions.put(s.profileId(), new long[] {stored.get(s.profileId()).seqNo(),
                stored.get(s.profileId()).primaryTerm()}));
        List<MembershipDocument> published = new ArrayList<>(unpublished);
        published.addAll(done);
        long t3 = System.nanoTime();
        publisher.publish(published);
        long t4 = System.nanoTime();
        List<HistoryEntry> history = new ArrayList<>(history(done, stored, causeOf));
        unpublished.forEach(s -> history.addAll(outboxHistory(s)));
        store.finish(records(history), published.stream().filter(s -> !onlyRunChanges(s, defaultCause)).toList(),
                versions);
        long t5 = System.nanoTime();
        evaluateAgain.addAll(written.retry());
        return new Round(done.size(), evaluateAgain, new Timings(t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4));
    }

    /**
     * The stored states with only what is still to be published in their outboxes: changes of scheduled runs
     * stay in the outbox after they are published, until the state is next written.
     */
    private Map<String, MembershipDocument> unpublishedOnly(Map<String, Versioned<MembershipDocument>> stored) {
        RunOutboxes.Lookup runs = runOutboxes.lookup();
        Map<String, MembershipDocument> states = new HashMap<>();
        stored.forEach((id, state) -> states.put(id, state.document().outbox().isEmpty() ? state.document()
                : state.document().withOutbox(runs.unpublished(state.document()))));
        return states;
    }

    /** Whether the state's outbox is published once the run {@code cause} records this batch in its cursor. */
    private static boolean onlyRunChanges(MembershipDocument state, String cause) {
        return RunOutboxes.isRun(cause) && state.outbox().stream().allMatch(c -> cause.equals(c.cause()));
    }

    /** {@code evaluation} applied to every profile, split across the evaluator threads, in the batch's order. */
    private List<Outcome> evaluateAll(List<ProfileSnapshot> profiles, Function<ProfileSnapshot, Outcome> evaluation) {
        int chunk = Math.max(1, (profiles.size() + PARALLELISM - 1) / PARALLELISM);
        if (chunk == profiles.size()) {
            return profiles.stream().map(evaluation).toList();
        }
        List<CompletableFuture<List<Outcome>>> parts = new ArrayList<>();
        for (int from = 0; from < profiles.size(); from += chunk) {
            List<ProfileSnapshot> part = profiles.subList(from, Math.min(profiles.size(), from + chunk));
            parts.add(CompletableFuture.supplyAsync(() -> part.stream().map(evaluation).toList(), evaluators));
        }
        return parts.stream().flatMap(part -> part.join().stream()).toList();
    }

    private Outcome outcome(Evaluator.Rules rules, ProfileSnapshot profile,
            Map<Condition.EventSelection, Long> counts, MembershipDocument before, String cause, Instant now) {
        String id = profile.id().value();
        try {
            Evaluation evaluation = rules.evaluate(FactsMapper.facts(profile,
                    before == null ? Set.of() : Set.copyOf(before.segmentIds()), counts));
            return new Outcome(id, null, cause, before, MembershipChanges.apply(id, before, evaluation, cause, now));
        } catch (RuntimeException e) {
            // a bad value in one profile must not hold back the others; the round evaluates it once more, then reports it
            return new Outcome(id, e, cause, before, null);
        }
    }

    /**
     * What failed and where, without the messages: an exception's message may quote a profile's values (personal
     * data), its class names and frames do not.
     */
    static String withoutMessages(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            text.append(text.isEmpty() ? "" : " caused by ").append(t.getClass().getName());
            StackTraceElement[] frames = t.getStackTrace();
            for (int i = 0; i < Math.min(3, frames.length); i++) {
                text.append(i == 0 ? " at " : " < ").append(frames[i]);
            }
        }
        return text.toString();
    }

    /** One profile's evaluation: the state it was computed from and the new one (null: nothing changed). */
    private record Outcome(String profileId, RuntimeException failure, String cause, MembershipDocument before,
            MembershipDocument after) {

        boolean failed() {
            return failure != null;
        }
    }

    /**
     * A changed state goes to {@code next}, carrying what an earlier crash left unpublished; an unchanged
     * state whose outbox a crash left full goes to {@code unpublished}, to be published and emptied as it is.
     */
    private static void add(List<MembershipDocument> next, List<MembershipDocument> unpublished,
            MembershipDocument before, MembershipDocument after) {
        List<Change> leftover = before == null ? List.of() : before.outbox();
        if (after != null) {
            next.add(after.after(leftover));
        } else if (!leftover.isEmpty()) {
            unpublished.add(before);
        }
    }

    private static MembershipDocument document(Versioned<MembershipDocument> stored) {
        return stored == null ? null : stored.document();
    }

    private static List<HistoryEntry> history(List<MembershipDocument> states,
            Map<String, Versioned<MembershipDocument>> stored, Map<String, String> causeOf) {
        List<HistoryEntry> entries = new ArrayList<>();
        for (MembershipDocument s : states) {
            String cause = causeOf.get(s.profileId());
            entries.addAll(outboxHistory(s));
            MembershipDocument before = document(stored.get(s.profileId()));
            String beforePersona = before == null ? null : before.personaId();
            String beforeStage = before == null ? null : before.stage();
            if (!Objects.equals(beforePersona, s.personaId())) {
                entries.add(valueChange(s, "persona", s.personaId(), cause));
            }
            if (!Objects.equals(beforeStage, s.stage())) {
                entries.add(valueChange(s, "stage", s.stage(), cause));
            }
        }
        return entries;
    }

    /**
     * One history record per profile and cause: a change rarely moves a profile in one segment only, and
     * every record is a document to index. Its id is derived from profile and cause, so that the record
     * appended again after a crash (from the outbox) is the one appended before, if it was.
     */
    private static List<HistoryRecord> records(List<HistoryEntry> entries) {
        Map<List<String>, List<HistoryEntry>> byCause = new LinkedHashMap<>();
        entries.forEach(e -> byCause.computeIfAbsent(List.of(e.profileId(), e.cause()), k -> new ArrayList<>())
                .add(e));
        return byCause.values().stream().map(group -> {
            HistoryEntry first = group.get(0);
            return new HistoryRecord(EntryIds.of(first.profileId(), "history", first.cause()), first.profileId(),
                    first.cause(), group.stream().map(HistoryEntry::at).min(Instant::compareTo).orElseThrow(), group);
        }).toList();
    }

    private static List<HistoryEntry> outboxHistory(MembershipDocument state) {
        return state.outbox().stream().map(c -> {
            String kind = c.entered() ? "entered" : "exited";
            return new HistoryEntry(c.entryId() + ":" + kind, state.profileId(), kind, c.segmentId(), c.entryId(),
                    null, c.cause(), c.at());
        }).toList();
    }

    private static HistoryEntry valueChange(MembershipDocument s, String kind, String value, String cause) {
        String id = EntryIds.of(s.profileId(), kind + ":" + value, cause) + ":" + kind;
        return new HistoryEntry(id, s.profileId(), kind, null, null, value, cause, s.updatedAt());
    }

    /** @param retry profiles to evaluate again: a race lost, Elasticsearch busy for them, or a first evaluation failed */
    private record Round(int written, List<String> retry, Timings timings) {
    }

    @Override
    public void close() {
        evaluators.shutdownNow();
    }

    /** Memberships kept changing under this batch: transient, retried with the whole batch. */
    public static final class MembershipConflictException extends RuntimeException {
        MembershipConflictException() {
            super("memberships kept changing concurrently");
        }
    }
}
