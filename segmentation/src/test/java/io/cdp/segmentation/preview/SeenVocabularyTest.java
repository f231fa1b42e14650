package io.cdp.segmentation.preview;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.cdp.localstack.MutableClock;
import io.cdp.profile.ProfileId;
import io.cdp.profile.ProfileSnapshot;
import io.cdp.profile.Profiles;
import io.cdp.profile.SeenEvents;

/** The builder's vocabulary: a view never waits for the searches once something was read. */
class SeenVocabularyTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    private final AtomicInteger reads = new AtomicInteger();
    private final CountDownLatch secondReadMayEnd = new CountDownLatch(1);
    private final CountDownLatch secondReadEnded = new CountDownLatch(1);
    private final MutableClock clock = new MutableClock(T0);
    private final SeenVocabulary vocabulary = new SeenVocabulary(new NoProfiles(), new CountingEvents(), clock);

    @AfterEach
    void stop() {
        vocabulary.stop();
    }

    @Test
    void readsOnTheFirstViewWhenNothingWasReadYet() {
        assertThat(vocabulary.seen().events()).containsExactly("Read 1");
        assertThat(vocabulary.seen().events()).containsExactly("Read 1");
        assertThat(reads).hasValue(1);
    }

    @Test
    void aViewOfAnOldVocabularyIsAnsweredAtOnceWithItWhileItIsReadAgainInTheBackground() throws Exception {
        vocabulary.seen();
        clock.advance(Duration.ofSeconds(16));

        // the second read is held until the views below are answered: they must not wait for it
        assertThat(vocabulary.seen().events()).containsExactly("Read 1");
        assertThat(vocabulary.seen().events()).containsExactly("Read 1");
        secondReadMayEnd.countDown();
        assertThat(secondReadEnded.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(reads).hasValue(2);
        awaitEvents("Read 2");
    }

    @Test
    void aReadInTheBackgroundBeforeTheFirstViewSparesItTheSearches() throws Exception {
        vocabulary.readInBackground().get(10, TimeUnit.SECONDS);

        assertThat(vocabulary.seen().events()).containsExactly("Read 1");
        assertThat(reads).hasValue(1);
    }

    private void awaitEvents(String expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!vocabulary.seen().events().equals(List.of(expected)) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(vocabulary.seen().events()).containsExactly(expected);
    }

    /** Event names that say which read they came from; reads after the first wait for the test's signal. */
    private final class CountingEvents implements SeenEvents {

        @Override
        public List<String> names(int max) {
            int read = reads.incrementAndGet();
            if (read == 2) {
                try {
                    secondReadMayEnd.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return List.of("Read " + read);
        }

        @Override
        public List<Map<String, Object>> latestProperties(int max) {
            if (reads.get() == 2) {
                secondReadEnded.countDown();
            }
            return List.of();
        }
    }

    /** A store without profiles: the vocabulary samples their traits only. */
    private static final class NoProfiles implements Profiles {

        @Override
        public Optional<ProfileSnapshot> find(ProfileId id) {
            return Optional.empty();
        }

        @Override
        public List<ProfileSnapshot> findAll(Collection<ProfileId> ids) {
            return List.of();
        }

        @Override
        public List<ProfileSnapshot> findIdentities(Collection<ProfileId> ids) {
            return List.of();
        }

        @Override
        public Optional<ProfileSnapshot> findByIdentifier(String type, String value) {
            return Optional.empty();
        }

        @Override
        public void scan(ProfileId afterId, int pageSize, Consumer<List<ProfileSnapshot>> page) {
        }

        @Override
        public long count() {
            return 0;
        }

        @Override
        public List<ProfileSnapshot> sample(int size, long seed) {
            return List.of();
        }
    }
}
