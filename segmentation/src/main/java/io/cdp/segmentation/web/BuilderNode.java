package io.cdp.segmentation.web;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

import lombok.Getter;
import lombok.Setter;
import lombok.experimental.Accessors;

import io.cdp.segmentation.Condition;
import io.cdp.segmentation.DefinitionError;

/**
 * One line or group of the segment builder as the form posts it ({@code root.children[1].key}): every field is the
 * text the marketer typed, so that a refused draft comes back as typed. A group is {@code kind=group} with
 * {@code join} and/or; {@code negate} on any node means "not". {@link #condition} turns it into the definition
 * language, {@link #of} back.
 */
@Getter
@Setter
@Accessors(fluent = false)
public class BuilderNode {

    static final String GROUP = "group";
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

    private String kind = "trait";
    private String join = "and";
    private boolean negate;
    private String key;
    private String op = "equals";
    private String value;
    private String metric = "orders";
    private String event;
    private String frequency = "atLeast";
    private String count = "1";
    private String window = "days";
    private String withinDays = "30";
    private String from;
    private String to;
    private String segment;
    private String channel;
    private String state = "known";
    private List<BuilderNode> filters = new ArrayList<>();
    private List<BuilderNode> children = new ArrayList<>();
    /** Messages of the definitions API about this node, shown next to it. */
    private final List<String> problems = new ArrayList<>();

    static BuilderNode group(String join) {
        BuilderNode group = new BuilderNode();
        group.kind = GROUP;
        group.join = join;
        return group;
    }

    static BuilderNode filter() {
        BuilderNode filter = new BuilderNode();
        filter.kind = "filter";
        return filter;
    }

    /** The builder's form of a stored condition; the root is always a group. */
    static BuilderNode root(Condition condition) {
        BuilderNode node = condition == null ? group("and") : of(condition);
        if (GROUP.equals(node.kind)) {
            return node;
        }
        BuilderNode root = group("and");
        root.children.add(node);
        return root;
    }

    static BuilderNode of(Condition condition) {
        BuilderNode node = new BuilderNode();
        if (condition instanceof Condition.And and) {
            node.kind = GROUP;
            and.conditions().forEach(c -> node.children.add(of(c)));
        } else if (condition instanceof Condition.Or or) {
            node.kind = GROUP;
            node.join = "or";
            or.conditions().forEach(c -> node.children.add(of(c)));
        } else if (condition instanceof Condition.Not not) {
            BuilderNode inner = of(not.condition());
            if (!inner.negate) {
                inner.negate = true;
                return inner;
            }
            node.kind = GROUP;
            node.negate = true;
            node.children.add(inner);
        } else if (condition instanceof Condition.Trait trait) {
            node.kind = "trait";
            node.key = trait.key();
            node.op = trait.op() == null ? null : trait.op().json();
            node.value = text(trait.value());
        } else if (condition instanceof Condition.Metric metric) {
            node.kind = "metric";
            node.metric = metric.metric() == null ? null : metric.metric().json();
            node.op = metric.op() == null ? null : metric.op().json();
            node.value = text(metric.value());
        } else if (condition instanceof Condition.Event event) {
            node.kind = "event";
            node.event = event.event();
            node.frequency = event.frequency() == null ? null : event.frequency().json();
            node.count = event.count() == null ? null : event.count().toString();
            node.window = event.withinDays() != null || event.from() == null ? "days" : "between";
            node.withinDays = event.withinDays() == null ? null : event.withinDays().toString();
            node.from = event.from() == null ? null : event.from().toString();
            node.to = event.to() == null ? null : event.to().toString();
            if (event.where() != null) {
                event.where().forEach(w -> {
                    BuilderNode filter = filter();
                    filter.key = w.property();
                    filter.op = w.op() == null ? null : w.op().json();
                    filter.value = text(w.value());
                    node.filters.add(filter);
                });
            }
        } else if (condition instanceof Condition.InSegment in) {
            node.kind = "segment";
            node.segment = in.segment();
        } else if (condition instanceof Condition.Consent consent) {
            node.kind = "consent";
            node.channel = consent.channel();
        } else if (condition instanceof Condition.Identity identity) {
            node.kind = "identity";
            node.state = identity.state() == null ? null : identity.state().json();
        } else {
            node.kind = "hasEmail";
        }
        return node;
    }

    /**
     * This node in the definition language. {@code nodes} learns which node each JSON path belongs to, so that
     * the API's errors ({@code $.condition.conditions[1].value}) find their way back here; what cannot even be
     * put into the language (a count that is not a number) goes to {@code errors} with its path.
     */
    Condition condition(String path, Map<String, BuilderNode> nodes, List<DefinitionError> errors) {
        nodes.put(path, this);
        if (negate) {
            return new Condition.Not(positive(path + ".condition", nodes, errors));
        }
        return positive(path, nodes, errors);
    }

    private Condition positive(String path, Map<String, BuilderNode> nodes, List<DefinitionError> errors) {
        nodes.putIfAbsent(path, this);
        return switch (kind) {
            case GROUP -> {
                List<Condition> conditions = new ArrayList<>();
                for (int i = 0; i < children.size(); i++) {
                    conditions.add(children.get(i).condition(path + ".conditions[" + i + "]", nodes, errors));
                }
                yield "or".equals(join) ? new Condition.Or(conditions) : new Condition.And(conditions);
            }
            case "trait" -> new Condition.Trait(blank(key), op(path, errors), value(op, value));
            case "metric" -> new Condition.Metric(metricName(path, errors), op(path, errors), value(op, value));
            case "event" -> {
                List<Condition.PropertyFilter> where = new ArrayList<>();
                for (int i = 0; i < filters.size(); i++) {
                    BuilderNode f = filters.get(i);
                    where.add(new Condition.PropertyFilter(blank(f.key),
                            f.op(path + ".where[" + i + "]", errors), value(f.op, f.value)));
                }
                boolean between = "between".equals(window);
                yield new Condition.Event(blank(event), where.isEmpty() ? null : where, frequency(path, errors),
                        "never".equals(frequency) ? null : integer(count, path + ".count", errors),
                        between ? null : integer(withinDays, path + ".withinDays", errors),
                        between ? date(from, path + ".from", errors) : null,
                        between ? date(to, path + ".to", errors) : null);
            }
            case "segment" -> new Condition.InSegment(blank(segment));
            case "hasEmail" -> new Condition.HasEmail();
            case "consent" -> new Condition.Consent(blank(channel));
            case "identity" -> new Condition.Identity("anonymous".equals(state) ? Condition.IdentityState.ANONYMOUS
                    : Condition.IdentityState.KNOWN);
            default -> {
                errors.add(new DefinitionError(path + ".type", "type", "choose what to check"));
                yield new Condition.HasEmail();
            }
        };
    }

    /** The node at an index path ("0.2" = the third child of the first child), or null. */
    BuilderNode at(String indexPath) {
        BuilderNode node = this;
        if (indexPath.isEmpty()) {
            return node;
        }
        for (String step : indexPath.split("\\.")) {
            int i = Integer.parseInt(step);
            if (i < 0 || i >= node.children.size()) {
                return null;
            }
            node = node.children.get(i);
        }
        return node;
    }

    void clearProblems() {
        problems.clear();
        children.forEach(BuilderNode::clearProblems);
    }

    void addProblem(String problem) {
        problems.add(problem);
    }

    private Condition.Op op(String path, List<DefinitionError> errors) {
        return choice(Condition.Op.values(), Condition.Op::json, op, path + ".op", "choose a comparison", errors);
    }

    private Condition.MetricName metricName(String path, List<DefinitionError> errors) {
        return choice(Condition.MetricName.values(), Condition.MetricName::json, metric, path + ".metric",
                "choose a metric", errors);
    }

    private Condition.Frequency frequency(String path, List<DefinitionError> errors) {
        return choice(Condition.Frequency.values(), Condition.Frequency::json, frequency, path + ".frequency",
                "choose how often", errors);
    }

    /** The option of a select whose JSON name was posted; an error at {@code path} when none was. */
    private static <T> T choice(T[] options, Function<T, String> json, String posted, String path, String message,
            List<DefinitionError> errors) {
        return Arrays.stream(options).filter(o -> json.apply(o).equals(posted)).findFirst().orElseGet(() -> {
            errors.add(new DefinitionError(path, "choice", message));
            return null;
        });
    }

    static Integer integer(String text, String path, List<DefinitionError> errors) {
        return parsed(text, Integer::valueOf, path, "number", "must be a whole number", errors);
    }

    private static LocalDate date(String text, String path, List<DefinitionError> errors) {
        return parsed(text, LocalDate::parse, path, "date", "must be a date (yyyy-MM-dd)", errors);
    }

    /** What was typed, parsed; null when blank, and when it does not parse, with an error at {@code path}. */
    private static <T> T parsed(String text, Function<String, T> parse, String path, String rule, String message,
            List<DefinitionError> errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return parse.apply(text.strip());
        } catch (NumberFormatException | DateTimeParseException e) {
            errors.add(new DefinitionError(path, rule, message));
            return null;
        }
    }

    /**
     * What was typed as the JSON value the operator expects: a list for {@code in} (comma-separated), nothing for
     * {@code exists}, a number when it reads as one, true/false, else text. Quotes keep a number as text ("30").
     */
    static Object value(String op, String text) {
        if ("exists".equals(op) || text == null) {
            return null;
        }
        String typed = text.strip();
        if ("in".equals(op)) {
            return Arrays.stream(typed.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                    .map(s -> scalar(s)).toList();
        }
        return typed.isEmpty() ? null : scalar(typed);
    }

    private static Object scalar(String typed) {
        if (typed.length() >= 2 && typed.startsWith("\"") && typed.endsWith("\"")) {
            return typed.substring(1, typed.length() - 1);
        }
        if (NUMBER.matcher(typed).matches()) {
            return typed.contains(".") ? new BigDecimal(typed) : (Object) Long.valueOf(typed);
        }
        if (typed.equals("true") || typed.equals("false")) {
            return Boolean.valueOf(typed);
        }
        return typed;
    }

    /** The value as the marketer types it back: lists comma-separated, texts that read as numbers quoted. */
    static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof List<?> list) {
            return String.join(", ", list.stream().map(BuilderNode::text).toList());
        }
        if (value instanceof String s && (NUMBER.matcher(s).matches() || s.equals("true") || s.equals("false"))) {
            return "\"" + s + "\"";
        }
        if (value instanceof BigDecimal d) {
            return d.stripTrailingZeros().toPlainString();
        }
        return value.toString();
    }

    private static String blank(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    public boolean isGroup() {
        return GROUP.equals(kind);
    }
}
