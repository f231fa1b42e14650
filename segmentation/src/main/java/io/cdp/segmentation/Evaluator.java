package io.cdp.segmentation;

import io.cdp.segmentation.definition.DefinitionJson;
import io.cdp.segmentation.definition.DefinitionValidator;
import io.cdp.segmentation.definition.References;
import io.cdp.segmentation.drl.CompiledRules;
import io.cdp.segmentation.drl.DrlCompiler;
import io.cdp.segmentation.drl.RuleSpec;
import io.cdp.segmentation.drl.SegmentKeys;

import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/**
 * Evaluates profiles against the current definitions with Drools. Definitions are validated
 * and compiled once per distinct set (a few recent sets are kept, so switching back is free)
 * and swapped atomically: an evaluation always sees one consistent set.
 */
public final class Evaluator {

    private static final int CACHED_SETS = 8;
    private static final int SEGMENT_SALIENCE = 100_000;

    private final Clock clock;
    private final ZoneId zone;
    private final boolean rawDrlEnabled;
    private final DrlCompiler.Threads threads;
    private final AtomicReference<Rules> active = new AtomicReference<>();
    private final Map<Definitions, CompiledRules> compiled =
            Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Definitions, CompiledRules> eldest) {
                    return size() > CACHED_SETS;
                }
            });

    Evaluator(Clock clock, ZoneId zone, boolean rawDrlEnabled, DrlCompiler.Threads threads) {
        this.clock = clock;
        this.zone = zone;
        this.rawDrlEnabled = rawDrlEnabled;
        this.threads = threads;
        define(new Definitions(List.of(), List.of(), List.of()));
    }

    /** An evaluator with raw DRL refused, for threads evaluating at once; days are counted in {@code zone}. */
    public static Evaluator create(Clock clock, ZoneId zone) {
        return new Evaluator(clock, zone, false, DrlCompiler.Threads.MANY);
    }

    /**
     * An evaluator with raw DRL refused for one thread at a time (its caller serialises evaluations): its rule
     * sets build about twice as fast, for drafts compiled on every edit.
     */
    public static Evaluator createForOneThread(Clock clock, ZoneId zone) {
        return new Evaluator(clock, zone, false, DrlCompiler.Threads.ONE);
    }

    /** Validates, compiles and atomically switches to {@code definitions}. */
    public void define(Definitions definitions) {
        active.set(new Rules(definitions, compile(definitions), clock, zone));
    }

    /**
     * Validates and compiles without switching to {@code definitions}, so that a save can be refused
     * before it is stored; the compiled set is cached for the {@link #define} that follows.
     */
    public void check(Definitions definitions) {
        compile(definitions);
    }

    private CompiledRules compile(Definitions definitions) {
        List<DefinitionError> errors = DefinitionValidator.validate(definitions, rawDrlEnabled);
        if (!errors.isEmpty()) {
            throw new InvalidDefinitionsException(errors);
        }
        CompiledRules rules = compiled.get(definitions);
        if (rules == null) {
            rules = DrlCompiler.compile(specs(definitions), threads);
            compiled.put(definitions, rules);
        }
        return rules;
    }

    /** Reads definitions in their JSON form, then {@link #define(Definitions)}. */
    public void define(String json) {
        define(DefinitionJson.read(json, Definitions.class));
    }

    public Definitions definitions() {
        return active.get().definitions();
    }

    /** The zone whose calendar days "within the last N days" and "more than N days ago" count in. */
    public ZoneId zone() {
        return zone;
    }

    /**
     * The active definitions, compiled. Whoever loads facts for them (the event counts of their
     * filtered event conditions) evaluates with this object, so that a swap in between cannot
     * evaluate the facts against rules they were not loaded for.
     */
    public Rules rules() {
        return active.get();
    }

    public Evaluation evaluate(ProfileFacts facts) {
        return rules().evaluate(facts);
    }

    /** One compiled set of definitions; immutable and thread-safe. */
    @RequiredArgsConstructor(access = AccessLevel.PRIVATE)
    public static final class Rules {

        private final Definitions definitions;
        private final CompiledRules compiled;
        private final Clock clock;
        private final ZoneId zone;

        public Definitions definitions() {
            return definitions;
        }

        /** What the filtered event conditions count, each once: {@link ProfileFacts#eventCounts()} needs all. */
        public Set<Condition.EventSelection> eventSelections() {
            return compiled.eventSelections();
        }

        public Evaluation evaluate(ProfileFacts facts) {
            Set<String> matched = compiled.matches(facts, clock.instant(), zone);
            Set<String> segments = new LinkedHashSet<>();
            for (String key : matched) {
                if (key.startsWith(SegmentKeys.SEGMENT)) {
                    segments.add(key.substring(SegmentKeys.SEGMENT.length()));
                }
            }
            return new Evaluation(segments, persona(definitions.personas(), matched),
                    stage(definitions.stages(), matched));
        }
    }

    private static Optional<PersonaMatch> persona(List<SegmentDefinition> personas, Set<String> matched) {
        return firstMatch(personas, SegmentKeys.PERSONA, "persona", matched,
                (persona, position, reason) -> new PersonaMatch(persona.id(), position, reason));
    }

    private static Optional<StageMatch> stage(List<SegmentDefinition> stages, Set<String> matched) {
        return firstMatch(stages, SegmentKeys.STAGE, "stage", matched, (stage, position, reason) ->
                new StageMatch(JourneyStage.valueOf(stage.id().toUpperCase(Locale.ROOT)), position, reason));
    }

    /**
     * The first matched definition of an ordered kind and why: its position, its name (the shipped stages state
     * their rule in it) and the earlier definitions that did not match.
     */
    private static <T> Optional<T> firstMatch(List<SegmentDefinition> ordered, String prefix, String kind,
            Set<String> matched, MatchFactory<T> factory) {
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            SegmentDefinition definition = ordered.get(i);
            if (matched.contains(prefix + definition.id())) {
                String reason = "matched " + kind + " #" + (i + 1) + " '" + definition.id() + "'"
                        + (definition.name() == null || definition.name().isBlank() ? ""
                                : " (" + definition.name() + ")")
                        + (skipped.isEmpty() ? "" : "; earlier " + kind + "s not matched: " + String.join(", ", skipped));
                return Optional.of(factory.create(definition, i + 1, reason));
            }
            skipped.add(definition.id());
        }
        return Optional.empty();
    }

    private interface MatchFactory<T> {
        T create(SegmentDefinition definition, int position, String reason);
    }

    /** Segments fire by dependency depth so a membership is final before anything reads it. */
    private static List<RuleSpec> specs(Definitions definitions) {
        Map<String, SegmentDefinition> byId = new HashMap<>();
        definitions.segments().forEach(s -> byId.put(s.id(), s));
        Map<String, Integer> depths = new HashMap<>();
        List<RuleSpec> specs = new ArrayList<>();
        for (int i = 0; i < definitions.segments().size(); i++) {
            SegmentDefinition s = definitions.segments().get(i);
            specs.add(new RuleSpec(SegmentKeys.segment(s.id()), s.condition(), s.drl(),
                    SEGMENT_SALIENCE - depth(s.id(), byId, depths), "$.segments[" + i + "].drl"));
        }
        add(specs, SegmentKeys.PERSONA, definitions.personas());
        add(specs, SegmentKeys.STAGE, definitions.stages());
        return specs;
    }

    private static void add(List<RuleSpec> specs, String prefix, List<SegmentDefinition> definitions) {
        for (SegmentDefinition d : definitions) {
            specs.add(new RuleSpec(prefix + d.id(), d.condition(), null, 0, null));
        }
    }

    private static int depth(String id, Map<String, SegmentDefinition> byId, Map<String, Integer> depths) {
        Integer known = depths.get(id);
        if (known != null) {
            return known;
        }
        int depth = 0;
        SegmentDefinition definition = byId.get(id);
        if (definition.condition() != null) {
            for (String reference : References.of(definition.condition())) {
                depth = Math.max(depth, depth(reference, byId, depths) + 1);
            }
        }
        depths.put(id, depth);
        return depth;
    }
}
