package io.cdp.reporting;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import io.cdp.platform.InvalidValueException;

/**
 * What a KPI report covers: the period {@code [from, to)}, the size of the series' buckets, what the
 * values are broken down by and, for channel and campaign groups, how orders are attributed to them. Build it
 * with {@link #of}, which names the field and the rule of bad input. {@code segment}, when set, keeps only that
 * segment's group (with {@code groupBy} segment).
 */
public record KpiQuery(Instant from, Instant to, Interval interval, GroupBy groupBy, Attribution attribution,
        Membership membership, String segment) {

    /** At most this many buckets in a series (about 3 years of days). */
    public static final int MAX_BUCKETS = 1100;

    /** Calendar buckets in UTC: days, ISO weeks (from Monday), months; the first and last are cut to the period. */
    public enum Interval {
        DAY, WEEK, MONTH;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What grouped values are broken down by: the channel or campaign of the touchpoint (spend rows by
     * their own channel and campaign), or the current members of each segment, persona or journey stage.
     */
    public enum GroupBy {
        NONE, CHANNEL, CAMPAIGN, SEGMENT, PERSONA, STAGE;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * How channel and campaign groups get their orders: {@code TOUCHPOINT} (the default) by the channel or campaign
     * of the Order Completed event itself; {@code FIRST} and {@code LAST} by the first or the last touch (an event of
     * the buyer that is not an order or a refund) within {@code cdp.reporting.attribution-window-days} before the
     * order.
     */
    public enum Attribution {
        TOUCHPOINT, FIRST, LAST
    }

    /**
     * Which members segment groups are: {@code CURRENT} (the default) the profiles in the segment now, with all their
     * events of the period; {@code EVENT} the people who were members when each event happened (from the membership
     * history), each event counting for the segments its person was in at its time.
     */
    public enum Membership {
        CURRENT, EVENT
    }

    public KpiQuery(Instant from, Instant to, Interval interval, GroupBy groupBy) {
        this(from, to, interval, groupBy, null, null, null);
    }

    public KpiQuery {
        require(from != null, "from", "required", "from is required");
        require(to != null, "to", "required", "to is required");
        require(from.isBefore(to), "from", "beforeTo", "from must be before to");
        interval = interval == null ? Interval.DAY : interval;
        groupBy = groupBy == null ? GroupBy.NONE : groupBy;
        attribution = attribution == null ? Attribution.TOUCHPOINT : attribution;
        membership = membership == null ? Membership.CURRENT : membership;
        require(membership == Membership.CURRENT || groupBy == GroupBy.SEGMENT, "membership", "groupBy",
                "membership event applies to groupBy segment");
        segment = segment == null || segment.isBlank() ? null : segment.trim();
        require(segment == null || groupBy == GroupBy.SEGMENT, "segment", "groupBy",
                "segment applies to groupBy segment");
        require(attribution == Attribution.TOUCHPOINT || groupBy == GroupBy.CHANNEL || groupBy == GroupBy.CAMPAIGN,
                "attribution", "groupBy", "attribution first or last applies to groupBy channel or campaign");
        long buckets = switch (interval) {
            case DAY -> Duration.between(from, to).toDays();
            case WEEK -> Duration.between(from, to).toDays() / 7;
            case MONTH -> ChronoUnit.MONTHS.between(from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC));
        };
        require(buckets <= MAX_BUCKETS, "interval", "buckets.max",
                "the period has more than " + MAX_BUCKETS + " " + interval.id() + "s; choose a longer interval");
    }

    /**
     * From request parameters. {@code from} and {@code to} are ISO instants ({@code 2026-11-01T00:00:00Z})
     * or dates ({@code 2026-11-01}, meaning its start in UTC); {@code to} is exclusive. {@code interval}
     * defaults to {@code day}, {@code groupBy} to {@code none}.
     */
    public static KpiQuery of(String from, String to, String interval, String groupBy) {
        return of(from, to, interval, groupBy, null);
    }

    /** As {@link #of(String, String, String, String)}, with {@code attribution} {@code touchpoint} (default),
     * {@code first} or {@code last}. */
    public static KpiQuery of(String from, String to, String interval, String groupBy, String attribution) {
        return of(from, to, interval, groupBy, attribution, null);
    }

    /** As above, with {@code membership} {@code current} (default) or {@code event} (segment groups only). */
    public static KpiQuery of(String from, String to, String interval, String groupBy, String attribution,
            String membership) {
        return new KpiQuery(instant("from", from), instant("to", to), choice("interval", interval, Interval.class),
                choice("groupBy", groupBy, GroupBy.class), choice("attribution", attribution, Attribution.class),
                choice("membership", membership, Membership.class), null);
    }

    /** The same query with only the group of {@code segmentId} (blank: every group). */
    public KpiQuery onlySegment(String segmentId) {
        return new KpiQuery(from, to, interval, groupBy, attribution, membership, segmentId);
    }

    /** The period of equal length right before this one. */
    public KpiQuery previous() {
        Duration length = Duration.between(from, to);
        return new KpiQuery(from.minus(length), from, interval, groupBy, attribution, membership, segment);
    }

    private static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim();
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidValueException(field, "instant",
                    field + " must be an ISO date (2026-11-01) or instant (2026-11-01T00:00:00Z)");
        }
    }

    private static <E extends Enum<E>> E choice(String field, String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String wanted = value.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.name().equals(wanted)).findFirst()
                .orElseThrow(() -> new InvalidValueException(field, "oneOf", field + " must be one of "
                        + Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT))
                                .collect(Collectors.joining(", "))));
    }

    private static void require(boolean valid, String field, String rule, String message) {
        if (!valid) {
            throw new InvalidValueException(field, rule, message);
        }
    }
}
