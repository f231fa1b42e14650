package io.cdp.segmentation;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The test oracle: a direct, recursive reading of the condition tree, written without any of
 * the production evaluation code so that Drools results can be checked against it.
 */
final class PlainEvaluator {

    private final LocalDate today;
    private final ZoneId zone;

    PlainEvaluator(Instant now, ZoneId zone) {
        this.zone = zone;
        this.today = now.atZone(zone).toLocalDate();
    }

    /** An event of the profile's timeline, as tracked. */
    record TimelineEvent(String event, Instant at, Map<String, Object> properties) {
    }

    /** Memberships of a profile; filtered event conditions count {@code timeline}, unfiltered ones the rollups. */
    Set<String> segments(Definitions definitions, ProfileFacts profile, List<TimelineEvent> timeline) {
        Map<String, Condition> byId = new HashMap<>();
        definitions.segments().forEach(s -> byId.put(s.id(), s.condition()));
        Map<String, Boolean> memo = new HashMap<>();
        Set<String> result = new LinkedHashSet<>();
        for (SegmentDefinition s : definitions.segments()) {
            if (member(s.id(), byId, memo, profile, timeline)) {
                result.add(s.id());
            }
        }
        return result;
    }

    private boolean member(String id, Map<String, Condition> byId, Map<String, Boolean> memo,
                           ProfileFacts profile, List<TimelineEvent> timeline) {
        Boolean known = memo.get(id);
        if (known == null) {
            known = matches(byId.get(id), profile, timeline, other -> member(other, byId, memo, profile, timeline));
            memo.put(id, known);
        }
        return known;
    }

    /** Whether the event's properties satisfy a filter: the trait operator applied to the value at the path. */
    boolean where(Map<String, Object> properties, String property, Condition.Op op, Object value) {
        return trait(valueAt(properties, property), op, value);
    }

    /**
     * The value at a dotted path, name by name; passing through a list gathers the named values of the
     * objects in it (a list value contributes its elements), null when none has one.
     */
    private static Object valueAt(Object container, String path) {
        int dot = path.indexOf('.');
        String name = dot < 0 ? path : path.substring(0, dot);
        Object next = null;
        if (container instanceof Map<?, ?> object) {
            next = object.get(name);
        } else if (container instanceof List<?> list) {
            List<Object> gathered = new java.util.ArrayList<>();
            for (Object element : list) {
                Object named = element instanceof Map<?, ?> object ? object.get(name) : null;
                if (named instanceof List<?> values) {
                    gathered.addAll(values);
                } else if (named != null) {
                    gathered.add(named);
                }
            }
            next = gathered.isEmpty() ? null : gathered;
        }
        return next == null || dot < 0 ? next : valueAt(next, path.substring(dot + 1));
    }

    private boolean matches(Condition c, ProfileFacts p, List<TimelineEvent> timeline,
                            java.util.function.Predicate<String> member) {
        if (c instanceof Condition.And and) {
            for (Condition child : and.conditions()) {
                if (!matches(child, p, timeline, member)) {
                    return false;
                }
            }
            return true;
        }
        if (c instanceof Condition.Or or) {
            for (Condition child : or.conditions()) {
                if (matches(child, p, timeline, member)) {
                    return true;
                }
            }
            return false;
        }
        if (c instanceof Condition.Not not) {
            return !matches(not.condition(), p, timeline, member);
        }
        if (c instanceof Condition.Trait t) {
            return trait(p.traits().get(t.key()), t.op(), t.value());
        }
        if (c instanceof Condition.Metric m) {
            return metric(p.metrics(), m);
        }
        if (c instanceof Condition.Event e) {
            LocalDate from = e.withinDays() != null ? today.minusDays(e.withinDays()) : e.from();
            LocalDate to = e.withinDays() != null ? today : e.to();
            long n = 0;
            if (e.where() != null) {
                for (TimelineEvent event : timeline) {
                    LocalDate day = event.at().atZone(zone).toLocalDate();
                    if (event.event().equals(e.event()) && day.compareTo(from) >= 0 && day.compareTo(to) <= 0
                            && e.where().stream().allMatch(f -> where(event.properties(), f.property(), f.op(),
                                    f.value()))) {
                        n++;
                    }
                }
            } else {
                for (var day : p.rollups().entrySet()) {
                    if (day.getKey().compareTo(from) >= 0 && day.getKey().compareTo(to) <= 0
                            && day.getValue().containsKey(e.event())) {
                        n += day.getValue().get(e.event()).count();
                    }
                }
            }
            switch (e.frequency()) {
                case AT_LEAST: return n >= e.count();
                case AT_MOST: return n <= e.count();
                case EXACTLY: return n == e.count();
                default: return n == 0;
            }
        }
        if (c instanceof Condition.InSegment s) {
            return member.test(s.segment());
        }
        if (c instanceof Condition.HasEmail) {
            return p.hasEmail();
        }
        if (c instanceof Condition.Consent consent) {
            return p.consent().getOrDefault(consent.channel(), false);
        }
        return p.known() == (((Condition.Identity) c).state() == Condition.IdentityState.KNOWN);
    }

    private boolean trait(Object actual, Condition.Op op, Object expected) {
        switch (op) {
            case EXISTS: return actual != null;
            case EQUALS: return same(actual, expected);
            case NOT_EQUALS: return !same(actual, expected);
            case IN: return ((List<?>) expected).stream().anyMatch(v -> same(actual, v));
            case CONTAINS:
                if (actual instanceof String s) {
                    return expected instanceof String part && s.indexOf(part) >= 0;
                }
                return actual instanceof List<?> list && list.stream().anyMatch(v -> same(v, expected));
            case GT: case GTE: case LT: case LTE: {
                BigDecimal a = number(actual);
                return a != null && compares(a.compareTo(number(expected)), op);
            }
            default: {
                LocalDate day = day(actual);
                return day != null && date(day, op, expected);
            }
        }
    }

    private boolean metric(ProfileFacts.Metrics m, Condition.Metric c) {
        switch (c.metric()) {
            case ORDERS: return compares(BigDecimal.valueOf(m.orders()).compareTo(number(c.value())), c.op());
            case REVENUE: return compares(m.revenue().compareTo(number(c.value())), c.op());
            case AOV: return compares(m.aov().compareTo(number(c.value())), c.op());
            case SESSIONS: return compares(BigDecimal.valueOf(m.sessions()).compareTo(number(c.value())), c.op());
            case BOUNCE_RATE: return compares(BigDecimal.valueOf(m.bounceRate()).compareTo(number(c.value())), c.op());
            case FIRST_SEEN: return instant(m.firstSeen(), c);
            case LAST_SEEN: return instant(m.lastSeen(), c);
            case NPS_SCORE: return m.npsScore() == null ? c.op() == Condition.Op.NOT_EQUALS
                    : compares(BigDecimal.valueOf(m.npsScore()).compareTo(number(c.value())), c.op());
            case NPS_ANSWERED_AT: return instant(m.npsAnsweredAt(), c);
            default: return instant(m.lastOrderAt(), c);
        }
    }

    private boolean instant(Instant at, Condition.Metric c) {
        if (at == null) {
            return false;
        }
        return c.op() == Condition.Op.EXISTS || date(at.atZone(zone).toLocalDate(), c.op(), c.value());
    }

    private boolean date(LocalDate day, Condition.Op op, Object expected) {
        switch (op) {
            case BEFORE: return day.compareTo(LocalDate.parse((String) expected)) < 0;
            case AFTER: return day.compareTo(LocalDate.parse((String) expected)) > 0;
            case WITHIN_LAST_DAYS: {
                long ago = ChronoUnit.DAYS.between(day, today);
                return ago >= 0 && ago <= ((Number) expected).longValue();
            }
            default: return ChronoUnit.DAYS.between(day, today) > ((Number) expected).longValue();
        }
    }

    private static boolean compares(int sign, Condition.Op op) {
        switch (op) {
            case EQUALS: return sign == 0;
            case NOT_EQUALS: return sign != 0;
            case GT: return sign > 0;
            case GTE: return sign >= 0;
            case LT: return sign < 0;
            default: return sign <= 0;
        }
    }

    private static boolean same(Object a, Object b) {
        BigDecimal x = number(a);
        BigDecimal y = number(b);
        if (x != null && y != null) {
            return x.compareTo(y) == 0;
        }
        return a != null && a.equals(b);
    }

    private static BigDecimal number(Object o) {
        if (o instanceof BigDecimal d) {
            return d;
        }
        if (o instanceof Integer || o instanceof Long) {
            return new BigDecimal(o.toString());
        }
        if (o instanceof Double d) {
            return new BigDecimal(Double.toString(d));
        }
        return null;
    }

    private LocalDate day(Object o) {
        if (o instanceof LocalDate d) {
            return d;
        }
        if (o instanceof Instant i) {
            return i.atZone(zone).toLocalDate();
        }
        if (o instanceof String s) {
            if (s.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(s);
            }
            if (s.matches("\\d{4}-\\d{2}-\\d{2}T.*Z")) {
                return Instant.parse(s).atZone(zone).toLocalDate();
            }
        }
        return null;
    }
}
