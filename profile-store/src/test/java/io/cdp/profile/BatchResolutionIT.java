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
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

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
 * re-announces the change, and a bad event stops the batch only after everything before it.
 */
class BatchResolutionIT {

    private static final Instant T0 = Instant.parse("2026-10-01T10:00:00Z");

    private static final TestKit ORACLE_KIT = new TestKit("batch-oracle", 1);
    private static final TestKit KIT = new TestKit("batch", 1);

    /** Publishes nothing: keeps what the processor hands over, in order. */
    private static final class RecordingSink implements EventBatchProcessor.ChangeSink {
        final List<ProfileChanged> changes = new ArrayList<>();
        final List<ProfileMerged> merges = new ArrayList<>();

        @Override
        public void publish(ChangeSet set) {
            merges.addAll(set.profileMerges(Instant.now()));
            changes.addAll(set.profileChanges(Instant.now()));
        }
    }

    /** A clock that lets one concurrent writer in when the batch path first asks for the time. */
    private static final class InterleavingClock extends Clock {
        final AtomicReference<Runnable> concurrentWriter = new AtomicReference<>();

        @Override
        public Instant instant() {
            Runnable writer = concurrentWriter.getAndSet(null);
            if (writer != null) {
                writer.run();
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
            IndexNames names = new IndexNames(kit.prefix);
            new IndexTemplates(kit.elasticsearch, names).ensure();
            store = new ProfileStore(kit.elasticsearch, names);
            IdentifierExtractor extractor = new IdentifierExtractor(List.of("null", "undefined"), "DE");
            ProfileFolding folding = new ProfileFolding(256, 400);
            resolver = new IdentityResolver(store, extractor, folding, Clock.systemUTC());
            processor = new EventBatchProcessor(store, resolver, new BatchResolver(store, folding, batchClock), sink,
                    Clock.systemUTC(), 4);
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

        assertThat(pipeline.sink.changes).filteredOn(c -> c.profileId().value().equals(profileId))
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.causeMessageId()).isEqualTo("crash-1");
                    assertThat(c.changedFields()).contains("commerce");
                });
        ProfileDocument profile = pipeline.queries.resolve(profileId);
        assertThat(profile.commerce.orders).isEqualTo(1);
        assertThat(profile.eventCount).isEqualTo(1);
        assertThat(timelineProfileIds(pipeline, "crash-1")).containsExactly(profileId);
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
