package io.cdp.segmentation;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonValue;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

import lombok.RequiredArgsConstructor;

/**
 * A node of the condition tree a marketer edits. The JSON form carries a {@code "type"}
 * discriminator; values stay as Jackson read them (String, Number, Boolean, List) so that
 * validation can report type errors with their JSON path instead of failing in parsing.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Condition.And.class, name = "and"),
        @JsonSubTypes.Type(value = Condition.Or.class, name = "or"),
        @JsonSubTypes.Type(value = Condition.Not.class, name = "not"),
        @JsonSubTypes.Type(value = Condition.Trait.class, name = "trait"),
        @JsonSubTypes.Type(value = Condition.Metric.class, name = "metric"),
        @JsonSubTypes.Type(value = Condition.Event.class, name = "event"),
        @JsonSubTypes.Type(value = Condition.InSegment.class, name = "segment"),
        @JsonSubTypes.Type(value = Condition.HasEmail.class, name = "hasEmail"),
        @JsonSubTypes.Type(value = Condition.Consent.class, name = "consent"),
        @JsonSubTypes.Type(value = Condition.Identity.class, name = "identity")
})
public sealed interface Condition {

    record And(List<Condition> conditions) implements Condition {
    }

    record Or(List<Condition> conditions) implements Condition {
    }

    record Not(Condition condition) implements Condition {
    }

    /** A trait compared with {@code value}; {@code in} takes a list, {@code exists} no value. */
    record Trait(String key, Op op, Object value) implements Condition {
    }

    record Metric(MetricName metric, Op op, Object value) implements Condition {
    }

    /**
     * "Performed {@code event} [where every filter matches its properties] {@code frequency}
     * {@code count} times" within the last {@code withinDays} days or between {@code from} and
     * {@code to} (inclusive calendar days). Without {@code where}, counts come from the per-day rollups
     * on the profile; with it, from the events timeline ({@link ProfileFacts#eventCounts()}).
     */
    record Event(String event, List<PropertyFilter> where, Frequency frequency, Integer count,
                 Integer withinDays, LocalDate from, LocalDate to) implements Condition {

        /** Whether the count needs the events timeline. */
        public boolean filtered() {
            return where != null && !where.isEmpty();
        }

        /** What is counted, the same whatever the frequency and count: conditions sharing it share the count. */
        public EventSelection selection() {
            return new EventSelection(event, where == null ? List.of() : List.copyOf(where), withinDays, from, to);
        }
    }

    /**
     * A filter on an event's {@code properties}: {@code property} is a dotted path into nested objects;
     * {@code op} and {@code value} as for traits (equals, notEquals, in, contains, exists, gt, gte, lt, lte).
     */
    record PropertyFilter(String property, Op op, Object value) {
    }

    /** The events an event condition counts: name, property filters and window. */
    record EventSelection(String event, List<PropertyFilter> where, Integer withinDays,
                          LocalDate from, LocalDate to) {
    }

    /** Membership of another segment, as computed in the same evaluation. */
    record InSegment(String segment) implements Condition {
    }

    record HasEmail() implements Condition {
    }

    record Consent(String channel) implements Condition {
    }

    record Identity(IdentityState state) implements Condition {
    }

    /**
     * An enum of the definition language. Its JSON name is its constant's name in lower camel case
     * ({@code NOT_EQUALS} is {@code "notEquals"}, {@code P_ALIVE} is {@code "pAlive"}).
     */
    interface JsonEnum {

        String name();

        @JsonValue
        default String json() {
            String[] words = name().toLowerCase(Locale.ROOT).split("_");
            StringBuilder json = new StringBuilder(words[0]);
            for (int i = 1; i < words.length; i++) {
                json.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
            }
            return json.toString();
        }
    }

    enum Op implements JsonEnum {
        EQUALS, NOT_EQUALS, IN, CONTAINS,
        EXISTS, GT, GTE, LT, LTE,
        BEFORE, AFTER,
        WITHIN_LAST_DAYS, MORE_THAN_DAYS_AGO
    }

    @RequiredArgsConstructor
    enum MetricName implements JsonEnum {
        ORDERS(false), REVENUE(false), AOV(false),
        SESSIONS(false), BOUNCE_RATE(false),
        FIRST_SEEN(true), LAST_SEEN(true),
        LAST_ORDER_AT(true),
        /** The latest NPS answer (0–10): missing until the person answers, like a missing trait. */
        NPS_SCORE(false, true), NPS_ANSWERED_AT(true),
        /** The last CLV run's scores: no condition on them holds for a profile no run scored. */
        PREDICTED_CLV(false), P_ALIVE(false), EXPECTED_ORDERS(false),
        PREDICTED_CLV_DECILE(false);

        private final boolean date;
        private final boolean optional;

        MetricName(boolean date) {
            this(date, date);
        }

        public boolean isDate() {
            return date;
        }

        /** Whether a profile may lack the metric (null in {@link ProfileFacts.Metrics}). */
        public boolean isOptional() {
            return optional;
        }
    }

    enum Frequency implements JsonEnum {
        AT_LEAST, AT_MOST, EXACTLY, NEVER
    }

    enum IdentityState implements JsonEnum {
        KNOWN, ANONYMOUS
    }
}
