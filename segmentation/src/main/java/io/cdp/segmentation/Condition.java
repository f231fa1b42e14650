package io.cdp.segmentation;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonValue;

import java.time.LocalDate;
import java.util.List;

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

    enum Op {
        EQUALS("equals"), NOT_EQUALS("notEquals"), IN("in"), CONTAINS("contains"),
        EXISTS("exists"), GT("gt"), GTE("gte"), LT("lt"), LTE("lte"),
        BEFORE("before"), AFTER("after"),
        WITHIN_LAST_DAYS("withinLastDays"), MORE_THAN_DAYS_AGO("moreThanDaysAgo");

        private final String json;

        Op(String json) {
            this.json = json;
        }

        @JsonValue
        public String json() {
            return json;
        }
    }

    enum MetricName {
        ORDERS("orders", false), REVENUE("revenue", false), AOV("aov", false),
        SESSIONS("sessions", false), BOUNCE_RATE("bounceRate", false),
        FIRST_SEEN("firstSeen", true), LAST_SEEN("lastSeen", true),
        LAST_ORDER_AT("lastOrderAt", true),
        /** The latest NPS answer (0–10): missing until the person answers, like a missing trait. */
        NPS_SCORE("npsScore", false, true), NPS_ANSWERED_AT("npsAnsweredAt", true);

        private final String json;
        private final boolean date;
        private final boolean optional;

        MetricName(String json, boolean date) {
            this(json, date, date);
        }

        MetricName(String json, boolean date, boolean optional) {
            this.json = json;
            this.date = date;
            this.optional = optional;
        }

        @JsonValue
        public String json() {
            return json;
        }

        public boolean isDate() {
            return date;
        }

        /** Whether a profile may lack the metric (null in {@link ProfileFacts.Metrics}). */
        public boolean isOptional() {
            return optional;
        }
    }

    enum Frequency {
        AT_LEAST("atLeast"), AT_MOST("atMost"), EXACTLY("exactly"), NEVER("never");

        private final String json;

        Frequency(String json) {
            this.json = json;
        }

        @JsonValue
        public String json() {
            return json;
        }
    }

    enum IdentityState {
        KNOWN("known"), ANONYMOUS("anonymous");

        private final String json;

        IdentityState(String json) {
            this.json = json;
        }

        @JsonValue
        public String json() {
            return json;
        }
    }
}
