package io.cdp.segmentation;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class DefinitionSwapTest {

    private static Definitions set(String prefix) {
        return new Definitions(List.of(
                SegmentDefinition.of(prefix + "-1", prefix, new Condition.HasEmail()),
                SegmentDefinition.of(prefix + "-2", prefix, new Condition.InSegment(prefix + "-1"))),
                List.of(), List.of());
    }

    @Test
    void evaluationsSeeEitherTheOldOrTheNewDefinitionsNeverAMix() throws Exception {
        Evaluator evaluator = Evaluator.create(Clock.systemUTC(), ZoneOffset.UTC);
        Definitions a = set("a");
        Definitions b = set("b");
        evaluator.define(a);
        ProfileFacts profile = new ProfileFacts("p", true, Map.of(), null, true, Map.of(), Set.of(), Map.of());
        Set<Set<String>> seen = ConcurrentHashMap.newKeySet();
        AtomicBoolean swapping = new AtomicBoolean(true);
        ExecutorService readers = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> running = List.of(
                    readers.submit(() -> {
                        while (swapping.get()) {
                            seen.add(evaluator.evaluate(profile).segments());
                        }
                    }),
                    readers.submit(() -> {
                        while (swapping.get()) {
                            seen.add(evaluator.evaluate(profile).segments());
                        }
                    }));
            for (int i = 0; i < 40; i++) {
                evaluator.define(i % 2 == 0 ? b : a);
            }
            swapping.set(false);
            for (Future<?> reader : running) {
                reader.get(30, TimeUnit.SECONDS);
            }
        } finally {
            readers.shutdownNow();
        }

        assertThat(seen).isSubsetOf(Set.of("a-1", "a-2"), Set.of("b-1", "b-2")).isNotEmpty();
    }
}
