package io.cdp.segmentation.definition;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import io.cdp.segmentation.Condition;
import io.cdp.segmentation.DefinitionError;
import io.cdp.segmentation.Definitions;
import io.cdp.segmentation.JourneyStage;
import io.cdp.segmentation.SegmentDefinition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static io.cdp.segmentation.Condition.Op.AFTER;
import static io.cdp.segmentation.Condition.Op.BEFORE;
import static io.cdp.segmentation.Condition.Op.CONTAINS;
import static io.cdp.segmentation.Condition.Op.EQUALS;
import static io.cdp.segmentation.Condition.Op.EXISTS;
import static io.cdp.segmentation.Condition.Op.GT;
import static io.cdp.segmentation.Condition.Op.GTE;
import static io.cdp.segmentation.Condition.Op.IN;
import static io.cdp.segmentation.Condition.Op.LT;
import static io.cdp.segmentation.Condition.Op.LTE;
import static io.cdp.segmentation.Condition.Op.MORE_THAN_DAYS_AGO;
import static io.cdp.segmentation.Condition.Op.NOT_EQUALS;
import static io.cdp.segmentation.Condition.Op.WITHIN_LAST_DAYS;

/**
 * Checks definitions before anything is compiled, so that a marketer sees every problem at
 * once, each with its JSON path and the rule that failed.
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
public final class DefinitionValidator {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern CHANNEL = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    private static final Set<Condition.Op> NUMERIC_METRIC_OPS =
            EnumSet.of(EQUALS, NOT_EQUALS, GT, GTE, LT, LTE);
    private static final Set<Condition.Op> DATE_METRIC_OPS =
            EnumSet.of(EXISTS, BEFORE, AFTER, WITHIN_LAST_DAYS, MORE_THAN_DAYS_AGO);
    private static final Set<Condition.Op> PROPERTY_OPS =
            EnumSet.of(EQUALS, NOT_EQUALS, IN, CONTAINS, EXISTS, GT, GTE, LT, LTE);
    private static final Pattern PROPERTY_PATH = Pattern.compile("[^.]+(\\.[^.]+)*");

    /*
     * Size limits no marketer's tree comes near. They keep the generated rules small: Drools needs seconds
     * for an OR of 1,000 conditions and overflows its stack on 4,000, so an oversized tree is refused here,
     * before any DRL is written, and its subtrees are not validated one by one.
     */
    private static final int MAX_DEPTH = 10;
    private static final int MAX_GROUP_SIZE = 100;
    private static final int MAX_CONDITIONS = 200;
    private static final int MAX_FILTERS = 20;
    private static final int MAX_LIST_VALUES = 1000;
    /** Keys, property paths, event names and definition names. */
    private static final int MAX_NAME_LENGTH = 200;
    /** Text values; the timeline does not index texts over 8,000 characters anyway. */
    private static final int MAX_TEXT_LENGTH = 1000;

    private final boolean rawDrlEnabled;
    private final List<DefinitionError> errors = new ArrayList<>();
    private Set<String> segmentIds = Set.of();

    public static List<DefinitionError> validate(Definitions definitions, boolean rawDrlEnabled) {
        DefinitionValidator validator = new DefinitionValidator(rawDrlEnabled);
        validator.run(definitions);
        return List.copyOf(validator.errors);
    }

    private void run(Definitions definitions) {
        segmentIds = new HashSet<>();
        definitions.segments().forEach(s -> {
            if (s != null && s.id() != null) {
                segmentIds.add(s.id());
            }
        });
        list("$.segments", definitions.segments(), true, false);
        list("$.personas", definitions.personas(), false, false);
        list("$.stages", definitions.stages(), false, true);
        if (errors.isEmpty()) {
            refuseCycles(definitions.segments());
        }
    }

    private void list(String path, List<SegmentDefinition> definitions, boolean segments,
                      boolean stages) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < definitions.size(); i++) {
            String at = path + "[" + i + "]";
            SegmentDefinition d = definitions.get(i);
            if (d == null) {
                error(at, "required", "must not be null");
                continue;
            }
            if (d.id() == null || !ID.matcher(d.id()).matches()) {
                error(at + ".id", "id.pattern", "must match " + ID.pattern());
            } else if (!seen.add(d.id())) {
                error(at + ".id", "id.unique", "duplicate id '" + d.id() + "'");
            } else if (stages && Arrays.stream(JourneyStage.values())
                    .noneMatch(s -> s.id().equals(d.id()))) {
                error(at + ".id", "stage.unknown",
                        "must be one of awareness, consideration, decision, service, loyalty");
            }
            if (d.name() != null && d.name().length() > MAX_NAME_LENGTH) {
                error(at + ".name", "name.length", "must have at most " + MAX_NAME_LENGTH + " characters");
            }
            if ((d.condition() == null) == (d.drl() == null)) {
                error(at, "definition.oneOf", "exactly one of condition or drl is required");
            } else if (d.drl() != null) {
                if (!segments || !rawDrlEnabled) {
                    error(at + ".drl", "drl.disabled", "raw DRL segments are disabled");
                } else if (d.drl().isBlank()) {
                    error(at + ".drl", "required", "must not be blank");
                }
            } else if (count(d.condition(), 0) > MAX_CONDITIONS) {
                error(at + ".condition", "conditions.max", "must have at most " + MAX_CONDITIONS + " conditions");
            } else {
                condition(at + ".condition", d.condition(), 1);
            }
        }
    }

    private void condition(String path, Condition condition, int depth) {
        if (condition == null) {
            error(path, "required", "must not be null");
            return;
        }
        if (depth > MAX_DEPTH) {
            error(path, "depth.max", "nesting deeper than " + MAX_DEPTH);
            return;
        }
        if (condition instanceof Condition.And and) {
            group(path, and.conditions(), depth);
        } else if (condition instanceof Condition.Or or) {
            group(path, or.conditions(), depth);
        } else if (condition instanceof Condition.Not not) {
            condition(path + ".condition", not.condition(), depth + 1);
        } else if (condition instanceof Condition.Trait trait) {
            trait(path, trait);
        } else if (condition instanceof Condition.Metric metric) {
            metric(path, metric);
        } else if (condition instanceof Condition.Event event) {
            event(path, event);
        } else if (condition instanceof Condition.InSegment in) {
            if (in.segment() == null || in.segment().isBlank()) {
                error(path + ".segment", "required", "must not be blank");
            } else if (in.segment().length() > MAX_NAME_LENGTH) {
                error(path + ".segment", "name.length", "must have at most " + MAX_NAME_LENGTH + " characters");
            } else if (!segmentIds.contains(in.segment())) {
                error(path + ".segment", "segment.unknown", "unknown segment '" + in.segment() + "'");
            }
        } else if (condition instanceof Condition.Consent consent) {
            if (consent.channel() == null || !CHANNEL.matcher(consent.channel()).matches()) {
                error(path + ".channel", "channel.pattern", "must match " + CHANNEL.pattern());
            }
        } else if (condition instanceof Condition.Identity identity && identity.state() == null) {
            error(path + ".state", "required", "must be known or anonymous");
        }
    }

    /** Conditions in the tree, counted only up to just past the limit so that a huge tree costs no more. */
    private static int count(Condition condition, int counted) {
        int total = counted + 1;
        if (total > MAX_CONDITIONS) {
            return total;
        }
        List<Condition> children = condition instanceof Condition.And and ? and.conditions()
                : condition instanceof Condition.Or or ? or.conditions()
                : condition instanceof Condition.Not not && not.condition() != null ? List.of(not.condition())
                : List.of();
        for (Condition child : children == null ? List.<Condition>of() : children) {
            if (child != null) {
                total = count(child, total);
                if (total > MAX_CONDITIONS) {
                    return total;
                }
            }
        }
        return total;
    }

    private void group(String path, List<Condition> conditions, int depth) {
        if (conditions == null || conditions.isEmpty()) {
            error(path + ".conditions", "group.notEmpty", "must contain at least one condition");
            return;
        }
        if (conditions.size() > MAX_GROUP_SIZE) {
            error(path + ".conditions", "group.maxSize", "must have at most " + MAX_GROUP_SIZE + " conditions");
            return;
        }
        for (int i = 0; i < conditions.size(); i++) {
            condition(path + ".conditions[" + i + "]", conditions.get(i), depth + 1);
        }
    }

    private void trait(String path, Condition.Trait trait) {
        name(path + ".key", trait.key());
        if (trait.op() == null) {
            error(path + ".op", "required", "must not be null");
            return;
        }
        value(path + ".value", trait.op(), trait.value());
    }

    private void metric(String path, Condition.Metric metric) {
        if (metric.metric() == null) {
            error(path + ".metric", "required", "must not be null");
            return;
        }
        if (metric.op() == null) {
            error(path + ".op", "required", "must not be null");
            return;
        }
        Set<Condition.Op> allowed = metric.metric().isDate() ? DATE_METRIC_OPS : NUMERIC_METRIC_OPS;
        if (!allowed.contains(metric.op())) {
            error(path + ".op", "op.unsupported",
                    "'" + metric.op().json() + "' does not apply to " + metric.metric().json());
            return;
        }
        value(path + ".value", metric.op(), metric.value());
    }

    private void value(String path, Condition.Op op, Object value) {
        switch (op) {
            case EXISTS -> {
                if (value != null) {
                    error(path, "value.absent", "must be absent for exists");
                }
            }
            case EQUALS, NOT_EQUALS, CONTAINS -> scalar(path, value);
            case IN -> {
                if (!(value instanceof List<?> list) || list.isEmpty()) {
                    error(path, "value.list", "must be a non-empty list");
                } else if (list.size() > MAX_LIST_VALUES) {
                    error(path, "value.listSize", "must have at most " + MAX_LIST_VALUES + " values");
                } else {
                    for (int i = 0; i < list.size(); i++) {
                        scalar(path + "[" + i + "]", list.get(i));
                    }
                }
            }
            case GT, GTE, LT, LTE -> {
                if (Values.decimal(value) == null) {
                    error(path, "value.number", "must be a number");
                }
            }
            case BEFORE, AFTER -> {
                if (Values.date(value) == null) {
                    error(path, "value.date", "must be a date (yyyy-MM-dd)");
                }
            }
            case WITHIN_LAST_DAYS, MORE_THAN_DAYS_AGO -> {
                if (Values.days(value) == null) {
                    error(path, "value.days", "must be a whole number of days from 0 to 36500");
                }
            }
        }
    }

    private void scalar(String path, Object value) {
        if (!Values.isScalar(value)) {
            error(path, "value.scalar", "must be a string, number or boolean");
        } else if (value instanceof String text && text.length() > MAX_TEXT_LENGTH) {
            error(path, "value.length", "must have at most " + MAX_TEXT_LENGTH + " characters");
        }
    }

    private void name(String path, String name) {
        if (name == null || name.isBlank()) {
            error(path, "required", "must not be blank");
        } else if (name.length() > MAX_NAME_LENGTH) {
            error(path, "name.length", "must have at most " + MAX_NAME_LENGTH + " characters");
        }
    }

    private void event(String path, Condition.Event event) {
        name(path + ".event", event.event());
        if (event.where() != null) {
            where(path + ".where", event.where());
        }
        if (event.frequency() == null) {
            error(path + ".frequency", "required", "must be atLeast, atMost, exactly or never");
        } else if (event.frequency() == Condition.Frequency.NEVER) {
            if (event.count() != null) {
                error(path + ".count", "value.absent", "must be absent for never");
            }
        } else if (event.count() == null || event.count() < 0) {
            error(path + ".count", "count.min", "must be a number >= 0");
        }
        boolean window = event.withinDays() != null;
        boolean range = event.from() != null || event.to() != null;
        if (window == range) {
            error(path, "window.oneOf", "exactly one of withinDays or from/to is required");
        } else if (window && Values.days(event.withinDays()) == null) {
            error(path + ".withinDays", "value.days", "must be a whole number of days from 0 to 36500");
        } else if (range && (event.from() == null || event.to() == null)) {
            error(path + (event.from() == null ? ".from" : ".to"), "required", "must be a date");
        } else if (range && event.from().isAfter(event.to())) {
            error(path + ".to", "range.order", "must not be before from");
        }
    }

    private void where(String path, List<Condition.PropertyFilter> filters) {
        if (filters.isEmpty()) {
            error(path, "where.notEmpty", "must contain at least one filter (or be left out)");
        } else if (filters.size() > MAX_FILTERS) {
            error(path, "where.maxSize", "must have at most " + MAX_FILTERS + " filters");
            return;
        }
        for (int i = 0; i < filters.size(); i++) {
            String at = path + "[" + i + "]";
            Condition.PropertyFilter filter = filters.get(i);
            if (filter == null) {
                error(at, "required", "must not be null");
                continue;
            }
            if (filter.property() != null && filter.property().length() > MAX_NAME_LENGTH) {
                error(at + ".property", "property.length", "must have at most " + MAX_NAME_LENGTH + " characters");
            } else if (filter.property() == null || !PROPERTY_PATH.matcher(filter.property()).matches()) {
                error(at + ".property", "property.path", "must be a property name or a dotted path of names");
            }
            if (filter.op() == null) {
                error(at + ".op", "required", "must not be null");
            } else if (!PROPERTY_OPS.contains(filter.op())) {
                error(at + ".op", "op.unsupported", "'" + filter.op().json() + "' does not apply to event properties");
            } else {
                value(at + ".value", filter.op(), filter.value());
            }
        }
    }

    private void refuseCycles(List<SegmentDefinition> segments) {
        Map<String, Set<String>> references = new HashMap<>();
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            SegmentDefinition s = segments.get(i);
            references.put(s.id(), References.of(s.condition()));
            positions.put(s.id(), i);
        }
        Set<String> done = new HashSet<>();
        for (SegmentDefinition s : segments) {
            List<String> cycle = findCycle(s.id(), references, new LinkedHashSet<>(), done);
            if (cycle != null) {
                error("$.segments[" + positions.get(cycle.get(0)) + "].condition", "segment.cycle",
                        "cyclic segment reference " + String.join(" -> ", cycle));
                return;
            }
        }
    }

    private static List<String> findCycle(String id, Map<String, Set<String>> references,
                                          LinkedHashSet<String> path, Set<String> done) {
        if (done.contains(id)) {
            return null;
        }
        if (!path.add(id)) {
            List<String> cycle = new ArrayList<>();
            boolean inCycle = false;
            for (String p : path) {
                inCycle |= p.equals(id);
                if (inCycle) {
                    cycle.add(p);
                }
            }
            cycle.add(id);
            return cycle;
        }
        for (String next : references.getOrDefault(id, Set.of())) {
            List<String> cycle = findCycle(next, references, path, done);
            if (cycle != null) {
                return cycle;
            }
        }
        path.remove(id);
        done.add(id);
        return null;
    }

    private void error(String path, String rule, String message) {
        errors.add(new DefinitionError(path, rule, message));
    }
}
