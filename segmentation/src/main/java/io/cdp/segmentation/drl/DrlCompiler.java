package io.cdp.segmentation.drl;

import io.cdp.segmentation.Condition;
import io.cdp.segmentation.DefinitionError;
import io.cdp.segmentation.InvalidDefinitionsException;
import io.cdp.segmentation.definition.Values;
import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieBase;
import org.kie.api.builder.Message;
import org.kie.api.builder.Results;
import org.kie.internal.utils.KieHelper;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Turns rule specs into DRL, one rule per spec, and builds an in-memory KIE base. Generated
 * DRL contains only fixed templates, integers chosen here, and indices into {@link Constants}:
 * keys, texts, numbers and dates from definitions are never written into the source.
 */
public final class DrlCompiler {

    /** How many threads evaluate the rule base at once, which decides how its constraints run. */
    public enum Threads {
        /**
         * Constraints compiled to Java (Drools' executable model): about twice as slow to build, about a quarter
         * faster to evaluate, and safe for threads evaluating at once from the first evaluation on.
         */
        MANY,
        /**
         * Constraints interpreted by MVEL: quick to build, for one thread at a time only. MVEL compiles parts of a
         * constraint on their first evaluation without a lock, and two threads evaluating a fresh rule base at once
         * can fail there ("not a statement, or badly formed structure"; DROOLS-6067 locks only the first
         * evaluation of the whole constraint).
         */
        ONE
    }

    private static final String HEADER = """
            package io.cdp.segmentation.rules;

            import io.cdp.segmentation.ProfileFacts;
            import io.cdp.segmentation.drl.Member;

            global io.cdp.segmentation.drl.Constants k;
            global io.cdp.segmentation.drl.EvaluationContext ctx;

            // Facts are never modified: property reactivity would only cost time and warnings.
            declare ProfileFacts @classReactive end

            """;

    private static final int MAX_MESSAGE_LENGTH = 300;

    private final Constants.Builder constants = new Constants.Builder();
    private final Map<String, Integer> indexByKey = new HashMap<>();
    private final SortedSet<Integer> readMemberships = new TreeSet<>();
    private final Set<Condition.EventSelection> eventSelections = new LinkedHashSet<>();

    private DrlCompiler() {
    }

    public static CompiledRules compile(List<RuleSpec> specs, Threads threads) {
        return new DrlCompiler().build(specs, threads);
    }

    private CompiledRules build(List<RuleSpec> specs, Threads threads) {
        for (int i = 0; i < specs.size(); i++) {
            indexByKey.put(specs.get(i).key(), i);
        }
        StringBuilder drl = new StringBuilder(HEADER);
        List<int[]> rawLines = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            RuleSpec spec = specs.get(i);
            drl.append("rule \"r").append(i).append("\" salience ").append(spec.salience())
                    .append("\nwhen\n");
            if (spec.drl() != null) {
                int first = lineCount(drl) + 1;
                drl.append(spec.drl()).append('\n');
                rawLines.add(new int[] {i, first, lineCount(drl)});
            } else {
                readMemberships.clear();
                String constraint = expression(spec.condition());
                if (!readMemberships.isEmpty()) {
                    // Only the memberships read: the rule's own Member must not re-trigger it.
                    String read = readMemberships.stream().map(m -> "index == " + m)
                            .collect(Collectors.joining(" || "));
                    drl.append("    $m : java.util.Set() from accumulate( Member( ").append(read)
                            .append(", $i : index ), collectSet( $i ) )\n");
                }
                drl.append("    ProfileFacts( ").append(constraint).append(" )\n");
            }
            drl.append("then\n    insert(new Member(").append(i).append("));\n    ctx.matched(")
                    .append(i).append(");\nend\n\n");
        }
        String source = drl.toString();
        KieHelper helper = new KieHelper().addContent(source, "io/cdp/segmentation/rules/segments.drl");
        Results results = helper.verify();
        if (results.hasMessages(Message.Level.ERROR)) {
            throw new InvalidDefinitionsException(errors(results, specs, rawLines));
        }
        List<String> keys = specs.stream().map(RuleSpec::key).collect(Collectors.toList());
        KieBase kieBase = threads == Threads.MANY ? helper.build(ExecutableModelProject.class) : helper.build();
        return new CompiledRules(kieBase, constants.build(), keys, eventSelections);
    }

    /** Maps DRL compiler messages back to the raw DRL a definition supplied, line by line. */
    private static List<DefinitionError> errors(Results results, List<RuleSpec> specs,
                                                List<int[]> rawLines) {
        List<DefinitionError> errors = new ArrayList<>();
        for (Message message : results.getMessages(Message.Level.ERROR)) {
            int line = message.getLine();
            for (int[] raw : rawLines) {
                if (line >= raw[1] && line <= raw[2]) {
                    errors.add(new DefinitionError(specs.get(raw[0]).path(), "drl.compile",
                            "line " + (line - raw[1] + 1) + ": " + abbreviate(message.getText().strip())));
                    break;
                }
            }
        }
        if (errors.isEmpty()) {
            // Drools quotes the generated source in its messages: a caller must not see it, nor its size
            errors.add(new DefinitionError("$", "drl.generated", "the definitions could not be compiled"));
        }
        return errors;
    }

    private static String abbreviate(String text) {
        return text.length() <= MAX_MESSAGE_LENGTH ? text : text.substring(0, MAX_MESSAGE_LENGTH) + "…";
    }

    private static int lineCount(CharSequence text) {
        int lines = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines++;
            }
        }
        return lines;
    }

    private String expression(Condition condition) {
        if (condition instanceof Condition.And and) {
            return join(and.conditions(), " && ");
        }
        if (condition instanceof Condition.Or or) {
            return join(or.conditions(), " || ");
        }
        if (condition instanceof Condition.Not not) {
            return "!(" + expression(not.condition()) + ")";
        }
        if (condition instanceof Condition.Trait trait) {
            return trait(trait);
        }
        if (condition instanceof Condition.Metric metric) {
            return metric.metric().isDate() ? dateMetric(metric) : numericMetric(metric);
        }
        if (condition instanceof Condition.Event event) {
            return event(event);
        }
        if (condition instanceof Condition.InSegment in) {
            int member = indexByKey.get(SegmentKeys.segment(in.segment()));
            readMemberships.add(member);
            return "$m.contains(" + member + ")";
        }
        if (condition instanceof Condition.HasEmail) {
            return "(hasEmail() == true)";
        }
        if (condition instanceof Condition.Consent consent) {
            return "(consentedTo(" + constant(consent.channel()) + ") == true)";
        }
        Condition.Identity identity = (Condition.Identity) condition;
        return "(known() == " + (identity.state() == Condition.IdentityState.KNOWN) + ")";
    }

    private String join(List<Condition> conditions, String operator) {
        return conditions.stream().map(this::expression)
                .collect(Collectors.joining(operator, "(", ")"));
    }

    private String trait(Condition.Trait trait) {
        String value = "traits().get(" + constant(trait.key()) + ")";
        return switch (trait.op()) {
            case EQUALS -> "ctx.traitEquals(" + value + ", k.v(" + index(trait.value()) + "))";
            case NOT_EQUALS -> "!ctx.traitEquals(" + value + ", k.v(" + index(trait.value()) + "))";
            case IN -> "ctx.traitIn(" + value + ", k.list(" + index(trait.value()) + "))";
            case CONTAINS -> "ctx.traitContains(" + value + ", k.v(" + index(trait.value()) + "))";
            case EXISTS -> "(" + value + " != null)";
            case GT, GTE, LT, LTE -> {
                String number = "ctx.traitNumber(" + value + ")";
                yield "(" + number + " != null && " + number + ".compareTo("
                        + decimal(trait.value()) + ") " + comparison(trait.op()) + " 0)";
            }
            case BEFORE, AFTER -> {
                String day = "ctx.traitDay(" + value + ")";
                yield "(" + day + " != null && " + day + dateComparison(trait.op(), trait.value()) + ")";
            }
            case WITHIN_LAST_DAYS, MORE_THAN_DAYS_AGO -> {
                String day = "ctx.traitDay(" + value + ")";
                yield "(" + day + " != null && " + daysAgo("ctx.daysSince(" + day + ")", trait) + ")";
            }
        };
    }

    private String numericMetric(Condition.Metric metric) {
        String value = "metrics()." + metric.metric().json() + "()";
        String compared = "(ctx.compare(" + value + ", " + decimal(metric.value()) + ") "
                + comparison(metric.op()) + " 0)";
        if (metric.metric().isOptional()) {
            // a missing optional metric fails every operator but notEquals, as a missing trait does
            return metric.op() == Condition.Op.NOT_EQUALS ? "(" + value + " == null || " + compared + ")"
                    : "(" + value + " != null && " + compared + ")";
        }
        // a metric a profile may not have yet (the predicted ones) fails every operator while missing
        return "(ctx.present(" + value + ") && " + compared + ")";
    }

    private String dateMetric(Condition.Metric metric) {
        String value = "metrics()." + metric.metric().json() + "()";
        return switch (metric.op()) {
            case EXISTS -> "(" + value + " != null)";
            case BEFORE, AFTER -> "(" + value + " != null && ctx.day(" + value + ")"
                    + dateComparison(metric.op(), metric.value()) + ")";
            default -> "(" + value + " != null && "
                    + daysAgo("ctx.daysAgo(" + value + ")", metric.op(), metric.value()) + ")";
        };
    }

    private String daysAgo(String days, Condition.Trait trait) {
        return daysAgo(days, trait.op(), trait.value());
    }

    private static String daysAgo(String days, Condition.Op op, Object value) {
        int n = Values.days(value);
        return op == Condition.Op.WITHIN_LAST_DAYS
                ? days + " >= 0 && " + days + " <= " + n
                : days + " > " + n;
    }

    private String dateComparison(Condition.Op op, Object value) {
        return (op == Condition.Op.BEFORE ? ".isBefore(" : ".isAfter(")
                + "k.date(" + constants.add(Values.date(value)) + "))";
    }

    private String event(Condition.Event event) {
        String count;
        if (event.filtered()) {
            Condition.EventSelection selection = event.selection();
            eventSelections.add(selection);
            count = "ctx.eventCount(eventCounts(), k.v(" + index(selection) + "))";
        } else if (event.withinDays() != null) {
            count = "ctx.countWithinDays(rollups(), " + constant(event.event()) + ", "
                    + event.withinDays().intValue() + ")";
        } else {
            count = "ctx.countBetween(rollups(), " + constant(event.event()) + ", k.date("
                    + constants.add(event.from()) + "), k.date(" + constants.add(event.to()) + "))";
        }
        return switch (event.frequency()) {
            case AT_LEAST -> "(" + count + " >= " + event.count().intValue() + ")";
            case AT_MOST -> "(" + count + " <= " + event.count().intValue() + ")";
            case EXACTLY -> "(" + count + " == " + event.count().intValue() + ")";
            case NEVER -> "(" + count + " == 0)";
        };
    }

    private static String comparison(Condition.Op op) {
        return switch (op) {
            case EQUALS -> "==";
            case NOT_EQUALS -> "!=";
            case GT -> ">";
            case GTE -> ">=";
            case LT -> "<";
            case LTE -> "<=";
            default -> throw new IllegalArgumentException("not a comparison: " + op);
        };
    }

    private String constant(String text) {
        return "k.s(" + constants.add(text) + ")";
    }

    private String decimal(Object value) {
        return "k.d(" + constants.add(Values.decimal(value)) + ")";
    }

    private int index(Object value) {
        return constants.add(value);
    }
}
