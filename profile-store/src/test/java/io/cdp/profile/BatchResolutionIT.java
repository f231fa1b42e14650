package io.cdp.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.assertj.core.api.ObjectAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.cdp.platform.EventIngested;
import io.cdp.platform.EventType;
import io.cdp.profile.domain.ProfileDocument;
import io.cdp.profile.domain.ProfileFolding;
import io.cdp.profile.domain.Trait;
import io.cdp.profile.identity.IdentifierExtractor;
import io.cdp.profile.resolution.BatchResolver;
import io.cdp.profile.resolution.ChangeSet;
import io.cdp.profile.resolution.EventBatchProcessor;
import io.cdp.profile.resolution.IdentityResolver;
import io.cdp.profile.store.EventDocument;
import io.cdp.profile.store.IndexNames;
import io.cdp.profile.store.IndexTemplates;
import io.cdp.profile.store.ProfileStore;
import io.cdp.profile.store.Versioned;
import io.cdp.profile.web.ProfileQueries;

/**
 * The batch path of identity resolution on the real Elasticsearch, driven directly (no Kafka):
 * mixed batches build the oracle's profiles exactly once, a profile written by someone else
 * between the batch's read and its write falls back to the per-event path, a replay after a crash
 * (before or after the timeline write) re-announces the change, and a bad event stops the batch only
 * after everything before it.
 */
class BatchResolutionIT {

    private static final Instant T0 = Instant.parse("2026-10-01T10:00:00Z");

    private static final TestKit ORACLE_KIT = new TestKit("batch-oracle", 1);
    private static final TestKit KIT = new TestKit("batch", 1);

    /** Publishes nothing: keeps what the processor hands over, in order; can die instead of publishing once. */
    private static final class RecordingSink implements EventBatchProcessor.ChangeSink {
        final List<ProfileChanged> changes = new ArrayList<>();
        final List<ProfileMerged> merges = new ArrayList<>();
        boolean crashOnNextPublish;

        @Override
        public void publish(ChangeSet set) {
            if (crashOnNextPublish) {
                crashOnNextPublish = false;
                throw new IllegalStateException("the process died before publishing");
            }
            merges.addAll(set.profileMerges(Instant.now()));
            changes.addAll(set.profileChanges(Instant.now()));
        }
    }

    /**
     * A clock that lets one concurrent writer in when the batch path first asks for the time, or
     * fails the n-th reading: the batch path reads the clock between its writes, so failing each
     * reading in turn interrupts a batch after each step.
     */
    private static final class InterleavingClock extends Clock {
        final AtomicReference<Runnable> concurrentWriter = new AtomicReference<>();
        final AtomicInteger readingsUntilFailure = new AtomicInteger();

        @Override
        public Instant instant() {
            Runnable writer = concurrentWriter.getAndSet(null);
            if (writer != null) {
                writer.run();
            }
            if (readingsUntilFailure.get() > 0 && readingsUntilFailure.decrementAndGet() == 0) {
                throw new IllegalStateException("Elasticsearch went away (injected)");
            }
            return Instant.now();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    private static final class Pipeline {
        final ProfileStore store;
        final IdentityResolver resolver;
        final InterleavingClock batchClock = new InterleavingClock();
        final RecordingSink sink = new RecordingSink();
        final EventBatchProcessor processor;
        final ProfileQueries queries;

        Pipeline(TestKit kit) {
            this(kit, 256);
        }

        /** With an applied-events ring of {@code recentEvents}. */
        Pipeline(TestKit kit, int recentEvents) {
            IndexNames names = new IndexNames(kit.prefix);
            new IndexTemplates(kit.elasticsearch, names).ensure();
            store = new ProfileStore(kit.elasticsearch, names);
            IdentifierExtractor extractor = new IdentifierExtractor(List.of("null", "undefined"), "DE");
            ProfileFolding folding = new ProfileFolding(recentEvents, 400);
            resolver = new IdentityResolver(store, extractor, folding, Clock.systemUTC());
            processor = new EventBatchProcessor(store, resolver, new BatchResolver(store, folding, batchClock), sink,
                    batchClock, 4);
            queries = new ProfileQueries(store, extractor, (id, merged) -> {
                throw new AssertionError("these tests only read");
            });
        }
    }

    @AfterAll
    static void cleanUp() {
        ORACLE_KIT.cleanUp();
        KIT.cleanUp();
    }

    @Test
    void batchesMixingNewVisitorsRepeatsMergesAndDuplicatesBuildTheOracleProfilesOnce() {
        Pipeline pipeline = new Pipeline(ORACLE_KIT);
        IdentityOracle oracle = new IdentityOracle(11, 90, "ba");
        List<EventIngested> input = new ArrayList<>(oracle.events);
        // client retries: the same messageId again, some in the same batch, some in later ones
        Random random = new Random(5);
        for (int i = 0; i < oracle.events.size(); i += 6) {
            input.add(random.nextInt(input.size()), oracle.events.get(i));
        }
        for (int from = 0; from < input.size(); from += 100) {
            pipeline.processor.process(input.subList(from, Math.min(input.size(), from + 100)));
        }
        oracle.verify(pipeline.queries, ORACLE_KIT);
        assertThat(ORACLE_KIT.timelineCount()).isEqualTo(oracle.events.size());
        assertThat(pipeline.sink.merges).as("the batches merged profiles").isNotEmpty();

        // a full replay, shuffled, changes nothing
        List<EventIngested> replay = new ArrayList<>(oracle.events);
        Collections.shuffle(replay, random);
        for (int from = 0; from < replay.size(); from += 100) {
            pipeline.processor.process(replay.subList(from, Math.min(replay.size(), from + 100)));
        }
        oracle.verify(pipeline.queries, ORACLE_KIT);
        assertThat(ORACLE_KIT.timelineCount()).isEqualTo(oracle.events.size());
    }

    @Test
    void profileWrittenByAnotherWriterDuringTheBatchFallsBackAndKeepsBothChanges() {
        Pipeline pipeline = new Pipeline(KIT);
        pipeline.processor.process(List.of(page("race-1", "race-anon")));
        String profileId = pipeline.queries.lookup("anonymousId", "race-anon").id;
        pipeline.batchClock.concurrentWriter.set(() -> {
            Versioned<ProfileDocument> current = pipeline.store.profile(profileId).orElseThrow();
            current.document().traits.put("tier", new Trait("gold", "crm", T0));
            assertThat(pipeline.store.updateProfile(current.document(), current)).isTrue();
        });

        pipeline.processor.process(List.of(page("race-2", "race-anon"), order("race-3", "race-anon", "12.50"),
                page("race-4", "race-anon")));

        assertThat(pipeline.batchClock.concurrentWriter.get()).as("the concurrent write happened").isNull();
        ProfileDocument profile = pipeline.queries.resolve(profileId);
        assertThat(profile.eventCount).isEqualTo(4);
        assertThat(profile.commerce.orders).isEqualTo(1);
        assertThat(profile.commerce.revenue).isEqualByComparingTo("12.50");
        assertThat(profile.traits.get("tier").value()).isEqualTo("gold");
        assertThat(timelineProfileIds(pipeline, "race-1", "race-2", "race-3", "race-4")).containsOnly(profileId);
    }

    @Test
    void replayOfAnEventWhoseProfileWriteOutlivedACrashAnnouncesTheChangeAgain() {
        Pipeline pipeline = new Pipeline(KIT);
        EventIngested order = order("crash-1", "crash-anon", "30");
        // the profile write of the first delivery, then the crash: no notice, no timeline event
        String profileId = pipeline.resolver.process(order, EventDocument.keyOf(order)).profileId();

        pipeline.processor.process(List.of(order));

        assertOrderAppliedOnceAndAnnounced(pipeline, profileId, "crash-1")
                .satisfies(c -> assertThat(c.changedFields()).contains("commerce"));
    }

    @Test
    void signUpLinkingThreeAnonymousProfilesMergesThemIntoTheOldestUnderTheNewUserId() {
        Pipeline pipeline = new Pipeline(KIT);
        pipeline.processor.process(List.of(page("three-1", "three-web")));
        pipeline.processor.process(List.of(identify("three-2", null, "three-mail", Map.of("email", "three@example.org"))));
        pipeline.processor.process(List.of(identify("three-3", null, "three-app", Map.of("phone", "+49 151 1234 5678"))));
        String oldest = pipeline.queries.lookup("anonymousId", "three-web").id;

        pipeline.processor.process(List.of(identify("three-4", "user-three", "three-web",
                Map.of("email", "Three@Example.org", "phone", "+4915112345678")), page("three-5", "three-app")));

        ProfileDocument person = pipeline.queries.lookup("userId", "user-three");
        assertThat(person.id).isEqualTo(oldest);
        assertThat(person.userId).isEqualTo("user-three");
        assertThat(person.eventCount).isEqualTo(5);
        assertThat(person.absorbedProfiles).hasSize(2);
        for (String[] identifier : new String[][] {{"anonymousId", "three-mail"}, {"anonymousId", "three-app"},
                {"email", "three@example.org"}, {"phone", "+4915112345678"}}) {
            assertThat(pipeline.queries.lookup(identifier[0], identifier[1]).id).as(identifier[1]).isEqualTo(oldest);
        }
        assertThat(pipeline.sink.merges).filteredOn(m -> m.survivorId().value().equals(oldest))
                .flatMap(ProfileMerged::mergedIds).hasSize(2);
    }

    @Test
    void mergeInterruptedAfterAnyStepAndReplayedCountsEveryEventOnce() {
        Pipeline pipeline = new Pipeline(KIT);
        boolean interrupted = true;
        int step = 1;
        for (; interrupted; step++) {
            String run = "cut" + step + "-";
            pipeline.processor.process(List.of(page(run + "1", run + "web"),
                    identify(run + "2", null, run + "mail", Map.of("email", run + "x@example.org")),
                    order(run + "3", run + "app", "5")));
            List<EventIngested> batch = List.of(identify(run + "4", run + "user", run + "web",
                    Map.of("email", run + "x@example.org")), order(run + "5", run + "app", "20"),
                    identify(run + "6", run + "user", run + "app", Map.of()));

            pipeline.batchClock.readingsUntilFailure.set(step);
            try {
                pipeline.processor.process(batch);
            } catch (EventBatchProcessor.BatchFailure failure) {
                assertThat(failure.getCause()).hasMessageContaining("injected");
            }
            interrupted = pipeline.batchClock.readingsUntilFailure.getAndSet(0) == 0;
            pipeline.processor.process(batch);

            ProfileDocument person = pipeline.queries.lookup("userId", run + "user");
            assertThat(person.eventCount).as("events after a cut at reading %d", step).isEqualTo(6);
            assertThat(person.commerce.orders).as("orders after a cut at reading %d", step).isEqualTo(2);
            assertThat(person.commerce.revenue).isEqualByComparingTo("25");
            assertThat(person.absorbedProfiles).hasSize(2);
            for (String anonymousId : List.of(run + "web", run + "mail", run + "app")) {
                assertThat(pipeline.queries.lookup("anonymousId", anonymousId).id).isEqualTo(person.id);
            }
            assertThat(timelineProfileIds(pipeline, run + "1", run + "2", run + "3", run + "4", run + "5", run + "6"))
                    .hasSize(6);
        }
        assertThat(step).as("the batch was cut after each of its steps").isGreaterThan(8);
    }

    @Test
    void replayOfAnEventWhoseTimelineWriteOutlivedACrashAnnouncesTheChangeAgain() {
        Pipeline pipeline = new Pipeline(KIT);
        EventIngested order = order("lost-1", "lost-anon", "40");
        // profile and timeline written, then the crash: the notice is lost
        pipeline.sink.crashOnNextPublish = true;
        assertThatThrownBy(() -> pipeline.processor.process(List.of(order)))
                .isInstanceOf(EventBatchProcessor.BatchFailure.class);
        String profileId = pipeline.queries.lookup("anonymousId", "lost-anon").id;
        assertThat(timelineProfileIds(pipeline, "lost-1")).containsExactly(profileId);
        assertThat(pipeline.sink.changes).noneMatch(c -> c.profileId().value().equals(profileId));

        pipeline.processor.process(List.of(order));

        assertOrderAppliedOnceAndAnnounced(pipeline, profileId, "lost-1");
    }

    @Test
    void replayOfAnEventTheRingHasDroppedIsFoundOnTheTimelineAndCountsOnce() {
        Pipeline pipeline = new Pipeline(KIT, 3);
        EventIngested order = order("ring-1", "ring-anon", "15");
        pipeline.processor.process(List.of(order));
        pipeline.processor.process(List.of(page("ring-2", "ring-anon"), page("ring-3", "ring-anon")));
        pipeline.processor.process(List.of(page("ring-4", "ring-anon"), page("ring-5", "ring-anon")));
        ProfileDocument before = pipeline.queries.lookup("anonymousId", "ring-anon");
        assertThat(before.recentEvents).hasSize(3).doesNotContain(EventDocument.keyOf(order));

        // a Kafka replay (the batch path) and the per-event resolver alike
        pipeline.processor.process(List.of(order, page("ring-6", "ring-anon")));
        pipeline.resolver.process(order, EventDocument.keyOf(order));

        ProfileDocument after = pipeline.queries.lookup("anonymousId", "ring-anon");
        assertThat(after.eventCount).isEqualTo(6);
        assertThat(after.commerce.orders).isEqualTo(1);
        assertThat(after.commerce.revenue).isEqualByComparingTo("15");
        assertThat(timelineProfileIds(pipeline, "ring-1")).containsExactly(after.id);
    }

    /**
     * After a replay of one order: the profile counts it once, the timeline holds it once, and one
     * notice names it as the cause; returns that notice for further checks.
     */
    private static ObjectAssert<ProfileChanged> assertOrderAppliedOnceAndAnnounced(Pipeline pipeline,
            String profileId, String messageId) {
        ProfileDocument profile = pipeline.queries.resolve(profileId);
        assertThat(profile.commerce.orders).isEqualTo(1);
        assertThat(profile.eventCount).isEqualTo(1);
        assertThat(timelineProfileIds(pipeline, messageId)).containsExactly(profileId);
        return assertThat(pipeline.sink.changes).filteredOn(c -> c.profileId().value().equals(profileId))
                .singleElement()
                .satisfies(c -> assertThat(c.causeMessageId()).isEqualTo(messageId));
    }

    @Test
    void replayOfAMergeWhoseNoticesWereLostInACrashAnnouncesTheMergeAgain() {
        Pipeline pipeline = new Pipeline(KIT);
        pipeline.processor.process(List.of(page("lost-merge-1", "lost-merge-web")));
        pipeline.processor.process(List.of(identify("lost-merge-2", null, "lost-merge-mail",
                Map.of("email", "lost-merge@example.org"))));
        String survivor = pipeline.queries.lookup("anonymousId", "lost-merge-web").id;
        String loser = pipeline.queries.lookup("anonymousId", "lost-merge-mail").id;
        List<EventIngested> signUp = List.of(identify("lost-merge-3", "lost-merge-user", "lost-merge-web",
                Map.of("email", "lost-merge@example.org")));
        // the merge and the timeline are written, then the crash: its notices are lost
        pipeline.sink.crashOnNextPublish = true;
        assertThatThrownBy(() -> pipeline.processor.process(signUp)).isInstanceOf(EventBatchProcessor.BatchFailure.class);
        assertThat(pipeline.queries.lookup("anonymousId", "lost-merge-mail").id).isEqualTo(survivor);
        assertThat(pipeline.sink.merges).noneMatch(m -> m.survivorId().value().equals(survivor));

        pipeline.processor.process(signUp);

        assertThat(pipeline.sink.merges).filteredOn(m -> m.survivorId().value().equals(survivor))
                .flatMap(ProfileMerged::mergedIds).extracting(ProfileId::value).containsExactly(loser);
        assertThat(pipeline.queries.lookup("userId", "lost-merge-user").eventCount).isEqualTo(3);
    }

    @Test
    void invalidEventFailsTheBatchAtItsIndexAfterApplyingEveryEventBeforeIt() {
        Pipeline pipeline = new Pipeline(KIT);
        pipeline.processor.process(List.of(page("bad-0", "bad-anon")));
        List<EventIngested> batch = List.of(page("bad-1", "bad-anon"), page("bad-2", "bad-other-anon"),
                order("bad-3", "bad-anon", "not a number"), page("bad-4", "bad-anon"));

        assertThatThrownBy(() -> pipeline.processor.process(batch))
                .isInstanceOfSatisfying(EventBatchProcessor.BatchFailure.class, f -> assertThat(f.index()).isEqualTo(2));

        assertThat(timelineProfileIds(pipeline, "bad-0", "bad-1", "bad-2")).hasSize(3);
        assertThat(timelineProfileIds(pipeline, "bad-3", "bad-4")).isEmpty();
        assertThat(pipeline.queries.lookup("anonymousId", "bad-anon").eventCount).isEqualTo(2);
    }

    private static EventIngested page(String messageId, String anonymousId) {
        return TestKit.event(messageId, EventType.PAGE, null, null, anonymousId, T0, null, null, null);
    }

    private static EventIngested identify(String messageId, String userId, String anonymousId,
            Map<String, Object> traits) {
        return TestKit.event(messageId, EventType.IDENTIFY, null, userId, anonymousId, T0.plusSeconds(10), traits, null,
                null);
    }

    private static EventIngested order(String messageId, String anonymousId, String revenue) {
        return TestKit.event(messageId, EventType.TRACK, "Order Completed", null, anonymousId, T0.plusSeconds(30),
                null, Map.of("revenue", revenue), null);
    }

    /** Profile ids of the timeline events of these messages that exist. */
    private static List<String> timelineProfileIds(Pipeline pipeline, String... messageIds) {
        List<String> profileIds = new ArrayList<>();
        for (String messageId : messageIds) {
            EventIngested probe = page(messageId, "probe");
            try {
                var found = KIT.elasticsearch.get(g -> g.index(pipeline.store.names().events(T0))
                        .id(EventDocument.keyOf(probe)), EventDocument.class);
                if (found.found()) {
                    profileIds.add(found.source().profileId());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return profileIds;
    }
}
