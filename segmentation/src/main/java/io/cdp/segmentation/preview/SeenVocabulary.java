package io.cdp.segmentation.preview;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.web.context.WebApplicationContext;

import io.cdp.platform.DaemonThreads;
import io.cdp.profile.ProfileSnapshot;
import io.cdp.profile.Profiles;
import io.cdp.profile.SeenEvents;
import jakarta.annotation.PreDestroy;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/**
 * What the builder's pickers offer: the trait keys, event names and event property paths that were actually seen,
 * each with a few sample values. Read-only: a random sample of profiles (traits), the timeline's event names and
 * its most recent events' properties (property paths), from the profile store. Read once a web instance is ready
 * and again, in the background, when a view finds it older than {@value #TTL_SECONDS} s: a view offers what was
 * last read and never waits for the searches (over a second on a million profiles and fifteen million events).
 * Pickers only suggest, so a few seconds' staleness costs nothing.
 */
@Service
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public final class SeenVocabulary {

    private static final int TTL_SECONDS = 15;
    private static final int PROFILE_SAMPLE = 300;
    private static final int RECENT_EVENTS = 300;
    private static final int SAMPLES = 3;
    private static final int MAX_NAMES = 200;

    private static final Logger LOG = LoggerFactory.getLogger(SeenVocabulary.class);

    private final Profiles profiles;
    private final SeenEvents events;
    private final Clock clock;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(DaemonThreads.named("seen-vocabulary-"));
    private final AtomicBoolean reading = new AtomicBoolean();
    private volatile Seen cached;

    /**
     * @param traits     trait key → a few values seen
     * @param events     event names, most frequent first
     * @param properties property path → the events it was seen on and a few values
     */
    public record Seen(Map<String, List<String>> traits, List<String> events, Map<String, List<String>> properties,
            Instant at) {
    }

    /** What was last read; read now only when nothing was yet (a view before the read at start ended). */
    public Seen seen() {
        Seen seen = cached;
        if (seen == null) {
            return read();
        }
        if (seen.at().plus(Duration.ofSeconds(TTL_SECONDS)).isBefore(clock.instant())) {
            readInBackground();
        }
        return seen;
    }

    @EventListener
    void readOnStart(ApplicationReadyEvent ready) {
        // only instances that serve the builder: an import JVM runs without a web server
        if (ready.getApplicationContext() instanceof WebApplicationContext) {
            readInBackground();
        }
    }

    @PreDestroy
    void stop() {
        reader.shutdownNow();
    }

    /**
     * One read at a time; a failed one leaves the last vocabulary offered. Done at once when a read runs already.
     */
    Future<?> readInBackground() {
        if (!reading.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(null);
        }
        return reader.submit(() -> {
            try {
                read();
            } catch (RuntimeException e) {
                LOG.warn("The segment builder's vocabulary could not be read; the last one read is offered", e);
            } finally {
                reading.set(false);
            }
        });
    }

    private Seen read() {
        Seen seen = new Seen(traits(), eventNames(), properties(), clock.instant());
        cached = seen;
        return seen;
    }

    private Map<String, List<String>> traits() {
        Map<String, Set<String>> traits = new TreeMap<>();
        for (ProfileSnapshot profile : profiles.sample(PROFILE_SAMPLE, 1L)) {
            profile.traits().forEach((key, value) -> collect(traits, key, value));
        }
        return lists(traits);
    }

    private List<String> eventNames() {
        return events.names(MAX_NAMES);
    }

    private Map<String, List<String>> properties() {
        Map<String, Set<String>> paths = new TreeMap<>();
        events.latestProperties(RECENT_EVENTS).forEach(properties -> walk("", properties, paths));
        return lists(paths);
    }

    /** Dotted paths into objects and through lists of objects, as event property filters reach them. */
    private static void walk(String prefix, Object value, Map<String, Set<String>> paths) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, child) -> {
                String path = prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key;
                if (child instanceof Map<?, ?> || child instanceof List<?> list && !list.isEmpty()
                        && list.get(0) instanceof Map<?, ?>) {
                    paths.computeIfAbsent(path, p -> new LinkedHashSet<>());
                    walk(path, child, paths);
                } else {
                    collect(paths, path, child);
                }
            });
        } else if (value instanceof List<?> list) {
            list.forEach(element -> walk(prefix, element, paths));
        }
    }

    private static void collect(Map<String, Set<String>> into, String key, Object value) {
        Set<String> samples = into.computeIfAbsent(key, k -> new LinkedHashSet<>());
        if (into.size() > MAX_NAMES) {
            into.remove(key);
            return;
        }
        if (value != null && !(value instanceof Map<?, ?>) && samples.size() < SAMPLES) {
            String text = String.valueOf(value);
            samples.add(text.length() > 40 ? text.substring(0, 40) + "…" : text);
        }
    }

    private static Map<String, List<String>> lists(Map<String, Set<String>> sets) {
        Map<String, List<String>> lists = new TreeMap<>();
        sets.forEach((key, values) -> lists.put(key, new ArrayList<>(values)));
        return lists;
    }
}
