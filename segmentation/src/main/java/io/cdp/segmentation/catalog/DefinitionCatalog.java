package io.cdp.segmentation.catalog;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import io.cdp.segmentation.DefinitionError;
import io.cdp.segmentation.Definitions;
import io.cdp.segmentation.Evaluator;
import io.cdp.segmentation.InvalidDefinitionsException;
import io.cdp.segmentation.SegmentDefinition;
import io.cdp.segmentation.LifecycleThresholds;
import io.cdp.segmentation.definition.DefinitionJson;
import io.cdp.segmentation.run.SegmentationRuns;
import io.cdp.segmentation.store.DefinitionStore;
import io.cdp.segmentation.store.DefinitionVersion;

/**
 * Segments, personas and stages as marketers edit them: the shipped defaults overlaid with the
 * saved versions (a saved definition replaces the default of the same id, a tombstone removes
 * it). A save is validated against the whole resulting set (references, cycles) before it is
 * stored, then every instance's evaluator switches to it on its next reload.
 */
@Service
public final class DefinitionCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(DefinitionCatalog.class);

    private final DefinitionStore store;
    private final Evaluator evaluator;
    private final Definitions defaults;
    private final Clock clock;
    private final SegmentationRuns runs;
    /**
     * Saved versions as stored, by document id: a version is never overwritten, so its JSON is parsed once
     * (or not at all when it was saved here) instead of on every reload and listing.
     */
    private final Map<String, SegmentDefinition> parsed = new ConcurrentHashMap<>();

    /** Loads what is saved now: the evaluator starts with it. */
    DefinitionCatalog(DefinitionStore store, Evaluator evaluator, LifecycleThresholds thresholds,
            Clock clock, SegmentationRuns runs) {
        this.store = store;
        this.evaluator = evaluator;
        this.defaults = Definitions.defaults(thresholds);
        this.clock = clock;
        this.runs = runs;
        reload();
    }

    /** A definition as the API shows it: built-in defaults have version 0. */
    public record Current(Kind kind, SegmentDefinition definition, long version, Integer position) {
    }

    public List<Current> list(Kind kind) {
        Map<String, DefinitionVersion> saved = saved();
        return kind.of(effective(saved)).stream().map(d -> current(kind, d, saved)).toList();
    }

    /** What {@link #list} shows for this id, from its newest saved version alone. */
    public Optional<Current> find(Kind kind, String id) {
        Optional<DefinitionVersion> saved = store.latest(DefinitionVersion.key(kind.id(), id));
        if (saved.isPresent()) {
            DefinitionVersion v = saved.get();
            return v.deleted() ? Optional.empty()
                    : Optional.of(new Current(kind, definition(v), v.version(), v.position()));
        }
        return kind.of(defaults).stream().filter(d -> d.id().equals(id)).findFirst()
                .map(d -> new Current(kind, d, 0, null));
    }

    /** The newest saved version of every definition of this kind that was ever saved, by id (built-ins: none). */
    public Map<String, DefinitionVersion> lastChanges(Kind kind) {
        Map<String, DefinitionVersion> changes = new LinkedHashMap<>();
        saved().values().stream().filter(v -> v.kind().equals(kind.id())).forEach(v -> changes.put(v.definitionId(), v));
        return changes;
    }

    public List<DefinitionVersion> versions(Kind kind, String id) {
        return store.versions(DefinitionVersion.key(kind.id(), id));
    }

    /**
     * Validates and stores a new version. Errors about the submitted definition have paths into the
     * request body ({@code $.condition...}); errors it causes elsewhere keep their path in the whole set.
     */
    public Current save(Kind kind, String id, DefinitionRequest request, String user, boolean admin) {
        if (request.id() != null && !request.id().equals(id)) {
            throw new InvalidDefinitionsException(List.of(new DefinitionError("$.id", "id.matchesPath",
                    "must be the id in the path or left out")));
        }
        if (request.drl() != null && !admin) {
            throw new CatalogExceptions.RawDrlForbidden();
        }
        SegmentDefinition definition = request.definition(id);
        return store(kind, id, request.position(), definition, user);
    }

    public Current delete(Kind kind, String id, String user) {
        String key = DefinitionVersion.key(kind.id(), id);
        find(kind, id).orElseThrow(() -> new CatalogExceptions.DefinitionNotFound(key));
        return store(kind, id, null, null, user);
    }

    private Current store(Kind kind, String id, Integer position, SegmentDefinition definition, String user) {
        String key = DefinitionVersion.key(kind.id(), id);
        Map<String, DefinitionVersion> saved = saved();
        DefinitionVersion latest = saved.get(key);
        long version = (latest == null ? 0 : latest.version()) + 1;
        DefinitionVersion next = new DefinitionVersion(kind.id(), id, key, version, position, definition == null,
                definition == null ? null : DefinitionJson.write(definition), clock.instant(), user);
        saved.put(key, next);
        Definitions candidate = effective(saved, v -> v == next ? definition : definition(v));
        int index = indexOf(kind.of(candidate), id);
        try {
            evaluator.check(candidate);
        } catch (InvalidDefinitionsException e) {
            String own = "$." + kind.id() + "[" + index + "]";
            throw new InvalidDefinitionsException(e.errors().stream().map(err -> err.relativeTo(own)).toList());
        }
        if (!store.create(next)) {
            throw new CatalogExceptions.VersionConflict(key, version);
        }
        if (definition != null) {
            parsed.put(next.documentId(), definition);
        }
        evaluator.define(candidate);
        runs.start(SegmentationRuns.DEFINITION_CHANGE);
        return new Current(kind, definition, version, position);
    }

    /** Switches to what is saved now if it differs: how other instances' saves reach this one. */
    public void reload() {
        Definitions effective = effective(saved());
        if (effective.equals(evaluator.definitions())) {
            return;
        }
        try {
            evaluator.define(effective);
            LOG.info("segment definitions reloaded: {} segments, {} personas, {} stages",
                    effective.segments().size(), effective.personas().size(), effective.stages().size());
        } catch (InvalidDefinitionsException e) {
            // e.g. raw DRL saved while enabled, now disabled here: keep evaluating with the last good set
            LOG.warn("saved segment definitions refused, keeping the previous set: {}", e.getMessage());
        }
    }

    private Map<String, DefinitionVersion> saved() {
        Map<String, DefinitionVersion> saved = new LinkedHashMap<>();
        store.current().forEach(v -> saved.put(v.key(), v));
        Set<String> current = saved.values().stream().map(DefinitionVersion::documentId).collect(Collectors.toSet());
        parsed.keySet().retainAll(current);
        return saved;
    }

    private SegmentDefinition definition(DefinitionVersion saved) {
        return parsed.computeIfAbsent(saved.documentId(), id -> DefinitionJson.read(saved.json(),
                SegmentDefinition.class));
    }

    private Definitions effective(Map<String, DefinitionVersion> saved) {
        return effective(saved, this::definition);
    }

    /** @param definition of a saved version that is not a tombstone */
    private Definitions effective(Map<String, DefinitionVersion> saved,
            Function<DefinitionVersion, SegmentDefinition> definition) {
        Definitions result = defaults;
        for (Kind kind : Kind.values()) {
            Map<String, SegmentDefinition> list = new LinkedHashMap<>();
            kind.of(defaults).forEach(d -> list.put(d.id(), d));
            saved.values().stream().filter(v -> v.kind().equals(kind.id()))
                    .sorted(Comparator.comparing((DefinitionVersion v) -> v.position() == null ? Integer.MAX_VALUE
                            : v.position()).thenComparing(DefinitionVersion::definitionId))
                    .forEach(v -> {
                        if (v.deleted()) {
                            list.remove(v.definitionId());
                        } else {
                            list.put(v.definitionId(), definition.apply(v));
                        }
                    });
            result = kind.with(result, new ArrayList<>(list.values()));
        }
        return result;
    }

    private static Current current(Kind kind, SegmentDefinition d, Map<String, DefinitionVersion> saved) {
        DefinitionVersion v = saved.get(DefinitionVersion.key(kind.id(), d.id()));
        return v == null ? new Current(kind, d, 0, null) : new Current(kind, d, v.version(), v.position());
    }

    private static int indexOf(List<SegmentDefinition> list, String id) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }
}
