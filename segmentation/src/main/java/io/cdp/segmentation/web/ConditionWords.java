package io.cdp.segmentation.web;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.cdp.segmentation.Condition;

/**
 * A condition tree in words, as the builder and the segment page read it: "People who performed Order Completed
 * at least 2 times in the last 30 days and whose trait country equals ES".
 */
final class ConditionWords {

    static final Map<String, String> OPS = ops();
    /** Metrics as a marketer names them, in the builder's select and in the words. */
    static final Map<String, String> METRICS = metrics();
    private static final Map<String, String> FIELDS = Map.of("value", "value", "key", "trait", "op", "comparison",
            "count", "count", "withinDays", "days", "event", "event", "property", "property", "conditions", "group",
            "metric", "metric", "segment", "segment");
    private static final Pattern WHERE = Pattern.compile("where\\[(\\d+)]\\.?");

    private ConditionWords() {
    }

    private static Map<String, String> metrics() {
        return ordered("orders", "number of orders", "revenue", "revenue", "aov", "average order value",
                "sessions", "number of sessions", "bounceRate", "bounce rate", "npsScore", "latest NPS score",
                "firstSeen", "first visit", "lastSeen", "last visit", "lastOrderAt", "last order",
                "npsAnsweredAt", "latest NPS answer");
    }

    private static Map<String, String> ops() {
        return ordered("equals", "equals", "notEquals", "does not equal", "in", "is one of", "contains", "contains",
                "exists", "is set", "gt", "is more than", "gte", "is at least", "lt", "is less than", "lte", "is at most",
                "before", "is before", "after", "is after", "withinLastDays", "is within the last … days",
                "moreThanDaysAgo", "is more than … days ago");
    }

    /** JSON name → words, in the order the builder's selects offer them. */
    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    static String sentence(Condition condition) {
        return condition == null ? "Written as rule code (DRL)." : "People " + words(condition, false) + ".";
    }

    private static String words(Condition condition, boolean nested) {
        if (condition instanceof Condition.And and) {
            return group(and.conditions(), " and ", nested);
        }
        if (condition instanceof Condition.Or or) {
            return group(or.conditions(), " or ", nested);
        }
        if (condition instanceof Condition.Not not) {
            return "who do not match (" + words(not.condition(), false) + ")";
        }
        if (condition instanceof Condition.Trait t) {
            return "whose trait " + t.key() + " " + comparison(t.op(), t.value());
        }
        if (condition instanceof Condition.Metric m) {
            return "whose " + (m.metric() == null ? "?" : METRICS.get(m.metric().json())) + " "
                    + comparison(m.op(), m.value());
        }
        if (condition instanceof Condition.Event e) {
            return event(e);
        }
        if (condition instanceof Condition.InSegment s) {
            return "who are in segment " + s.segment();
        }
        if (condition instanceof Condition.Consent c) {
            return "who consented to " + c.channel();
        }
        if (condition instanceof Condition.Identity i) {
            return "who are " + (i.state() == null ? "?" : i.state().json());
        }
        return "who have an email address";
    }

    private static String group(List<Condition> conditions, String join, boolean nested) {
        String inner = conditions.stream().map(c -> words(c, true)).collect(Collectors.joining(join));
        return nested && conditions.size() > 1 ? "(" + inner + ")" : inner;
    }

    private static String event(Condition.Event e) {
        StringBuilder words = new StringBuilder();
        boolean never = e.frequency() == Condition.Frequency.NEVER;
        words.append(never ? "who never performed " : "who performed ").append(e.event());
        if (e.filtered()) {
            words.append(" where ").append(e.where().stream()
                    .map(w -> w.property() + " " + comparison(w.op(), w.value())).collect(Collectors.joining(" and ")));
        }
        if (!never && e.frequency() != null) {
            words.append(switch (e.frequency()) {
                case AT_LEAST -> " at least ";
                case AT_MOST -> " at most ";
                default -> " exactly ";
            }).append(e.count()).append(e.count() != null && e.count() == 1 ? " time" : " times");
        }
        if (e.withinDays() != null) {
            words.append(e.withinDays() == 0 ? " today" : " in the last " + e.withinDays() + " days");
        } else if (e.from() != null) {
            words.append(" between ").append(e.from()).append(" and ").append(e.to());
        }
        return words.toString();
    }

    private static String comparison(Condition.Op op, Object value) {
        if (op == null) {
            return "?";
        }
        String shown = BuilderNode.text(value);
        return switch (op) {
            case EXISTS -> "is set";
            case WITHIN_LAST_DAYS -> "is within the last " + shown + " days";
            case MORE_THAN_DAYS_AGO -> "is more than " + shown + " days ago";
            default -> OPS.get(op.json()) + " " + shown;
        };
    }

    /** The part of an error path below its node in words ("filter 1 value: "), empty for the node itself. */
    static String field(String below) {
        String rest = below.startsWith(".") ? below.substring(1) : below;
        if (rest.isEmpty() || rest.equals("condition")) {
            return "";
        }
        StringBuilder words = new StringBuilder();
        Matcher where = WHERE.matcher(rest);
        if (where.lookingAt()) {
            words.append("filter ").append(Integer.parseInt(where.group(1)) + 1).append(' ');
            rest = rest.substring(where.end());
        }
        words.append(FIELDS.getOrDefault(rest, rest));
        String text = words.toString().strip();
        return Character.toUpperCase(text.charAt(0)) + text.substring(1) + ": ";
    }
}
