package io.cdp.ingestion.pipeline;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import lombok.RequiredArgsConstructor;

import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.cdp.platform.EventIngested;
import io.cdp.platform.EventType;

/**
 * Validates one Segment-spec call and turns it into an {@link EventIngested}: fills a missing
 * messageId, merges the batch envelope's context and integrations under the call's own,
 * corrects the timestamp for the client's clock skew and refuses an event time outside
 * {@link EventTimeBounds} and values the profile store could not store ({@link ValueRules}).
 */
@Component
@RequiredArgsConstructor
public class EventNormalizer {

    private static final List<String> IDENTIFIERS = List.of("userId", "anonymousId", "previousId", "groupId");
    private static final List<String> OBJECTS = List.of("traits", "properties", "context", "integrations");
    private static final List<String> TIMESTAMPS = List.of("timestamp", "originalTimestamp", "sentAt");

    /** ISO-8601 with "Z", "+01:00" or "+0100" (analytics-java) offsets, or none (taken as UTC). */
    private static final DateTimeFormatter ISO_FLEXIBLE = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter(Locale.ROOT);

    private final JsonMapper jsonMapper;
    private final Limits limits;
    private final EventTimeBounds timeBounds;
    private final SegmentSpecCallMapper mapper = new SegmentSpecCallMapperImpl();

    /** The outcome for one call: exactly one of event and violation is set. */
    public record Result(EventIngested event, Violation violation) {

        static Result accepted(EventIngested event) {
            return new Result(event, null);
        }

        static Result refused(Violation violation) {
            return new Result(null, violation);
        }

        public boolean isAccepted() {
            return event != null;
        }
    }

    /**
     * @param singleType         the call named by the path, or null to take the item's own {@code type}
     * @param defaults           envelope values (context, integrations, sentAt) the item inherits
     * @param fallbackMessageId  used when the call has no messageId; callers make it deterministic
     *                           so that a retry or replay of the same input yields the same id
     */
    public Result normalize(JsonNode item, String singleType, ObjectNode defaults, String sourceId,
                            Instant receivedAt, String fallbackMessageId) {
        if (item == null || !item.isObject()) {
            return Result.refused(Violation.of("call", "object", "a call must be a JSON object"));
        }
        int size = jsonMapper.writeValueAsBytes(item).length;
        if (size > limits.maxEventBytes()) {
            return Result.refused(Violation.of("call", "maxEventBytes",
                    "a call must not exceed " + limits.maxEventBytes() + " bytes"));
        }
        ObjectNode call = ((ObjectNode) item).deepCopy();

        String typeName = singleType != null ? singleType : textOrNull(call.get("type"));
        EventType type = typeOf(typeName);
        if (type == null) {
            return Result.refused(Violation.of("type", "oneOf",
                    "type must be one of identify, track, page, screen, group, alias"));
        }
        call.put("type", type.name().toLowerCase(Locale.ROOT));

        for (String field : IDENTIFIERS) {
            Violation violation = normalizeIdentifier(call, field);
            if (violation != null) {
                return Result.refused(violation);
            }
        }
        if (!call.has("userId") && !call.has("anonymousId")) {
            return Result.refused(Violation.of("userId", "userIdOrAnonymousId",
                    "a call needs a userId or an anonymousId"));
        }
        Violation required = requiredByType(call, type);
        if (required != null) {
            return Result.refused(required);
        }
        for (String field : List.of("event", "name")) {
            JsonNode value = call.get(field);
            if (value != null && !value.isNull() && !value.isString()) {
                return Result.refused(Violation.of(field, "string", field + " must be a string"));
            }
        }
        for (String field : OBJECTS) {
            JsonNode value = call.get(field);
            if (value != null && !value.isNull() && !value.isObject()) {
                return Result.refused(Violation.of(field, "object", field + " must be a JSON object"));
            }
        }
        Violation messageIdViolation = normalizeMessageId(call, fallbackMessageId);
        if (messageIdViolation != null) {
            return Result.refused(messageIdViolation);
        }
        for (String field : List.of("context", "integrations")) {
            JsonNode inherited = defaults.get(field);
            if (inherited != null && inherited.isObject()) {
                JsonNode own = call.get(field);
                call.set(field, merge((ObjectNode) inherited, own != null && own.isObject() ? (ObjectNode) own : null));
            }
        }
        if (!call.has("sentAt") && defaults.has("sentAt")) {
            call.set("sentAt", defaults.get("sentAt"));
        }
        Violation valueViolation = ValueRules.check(call);
        if (valueViolation != null) {
            return Result.refused(valueViolation);
        }
        Instant[] times = new Instant[TIMESTAMPS.size()];
        for (int i = 0; i < TIMESTAMPS.size(); i++) {
            String field = TIMESTAMPS.get(i);
            JsonNode value = call.get(field);
            if (value == null || value.isNull()) {
                continue;
            }
            times[i] = value.isString() ? parseInstant(value.stringValue()) : null;
            if (times[i] == null) {
                return Result.refused(Violation.of(field, "iso8601", field + " must be an ISO-8601 date-time"));
            }
        }
        Instant timestamp = boundedTimestamp(times[0], times[1], times[2], receivedAt);
        if (timestamp == null) {
            return Result.refused(timeBounds.violation(timeField(times[0], times[1], times[2], receivedAt)));
        }

        SegmentSpecCall specCall = jsonMapper.treeToValue(call, SegmentSpecCall.class);
        return Result.accepted(mapper.toEvent(specCall, new Receipt(sourceId, type, timestamp, receivedAt)));
    }

    /**
     * Segment's clock-skew correction: the device's clock may be wrong, but the time between
     * creating the call and sending it is right on that clock, so it is applied to our clock.
     */
    static Instant correctedTimestamp(Instant timestamp, Instant originalTimestamp, Instant sentAt,
                                      Instant receivedAt) {
        Instant clientTime = originalTimestamp != null ? originalTimestamp : timestamp;
        if (clientTime != null && sentAt != null) {
            return receivedAt.minus(Duration.between(clientTime, sentAt));
        }
        return clientTime != null ? clientTime : receivedAt;
    }

    /** The corrected event time, or null when it lies outside the bounds (or outside any date). */
    private Instant boundedTimestamp(Instant timestamp, Instant originalTimestamp, Instant sentAt,
                                     Instant receivedAt) {
        try {
            Instant corrected = correctedTimestamp(timestamp, originalTimestamp, sentAt, receivedAt);
            return timeBounds.contains(corrected, receivedAt) ? corrected : null;
        } catch (DateTimeException | ArithmeticException beyondAnyDate) {
            return null;
        }
    }

    /**
     * The field to blame for an event time out of bounds: the client's time, unless that is fine
     * and only the sentAt it is corrected with is not.
     */
    private String timeField(Instant timestamp, Instant originalTimestamp, Instant sentAt, Instant receivedAt) {
        String clientField = originalTimestamp != null ? "originalTimestamp" : "timestamp";
        Instant clientTime = originalTimestamp != null ? originalTimestamp : timestamp;
        return sentAt != null && clientTime != null && timeBounds.contains(clientTime, receivedAt)
                ? "sentAt" : clientField;
    }

    static Instant parseInstant(String text) {
        try {
            TemporalAccessor parsed = ISO_FLEXIBLE.parseBest(text.trim(), OffsetDateTime::from, LocalDateTime::from);
            return parsed instanceof OffsetDateTime offset
                    ? offset.toInstant()
                    : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static EventType typeOf(String name) {
        if (name == null) {
            return null;
        }
        try {
            return EventType.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * SDKs in typed languages send numeric ids: whole numbers keep their digits; any other number
     * is refused, since its text is not what the client holds ({@code 1e400} would read "Infinity").
     * Blank ids count as absent.
     */
    private static Violation normalizeIdentifier(ObjectNode call, String field) {
        JsonNode value = call.get(field);
        if (value == null || value.isNull()) {
            call.remove(field);
            return null;
        }
        if (value.isNumber()) {
            return numericId(call, field);
        }
        if (!value.isString()) {
            return Violation.of(field, "string", field + " must be a string or a number");
        }
        if (value.stringValue().isBlank()) {
            call.remove(field);
        }
        return null;
    }

    private static Violation numericId(ObjectNode call, String field) {
        JsonNode value = call.get(field);
        if (!value.isIntegralNumber()) {
            return Violation.of(field, "wholeNumber", field + " must be a string or a whole number");
        }
        call.put(field, value.bigIntegerValue().toString());
        return null;
    }

    private static Violation requiredByType(ObjectNode call, EventType type) {
        return switch (type) {
            case TRACK -> blank(call.get("event"))
                    ? Violation.of("event", Violation.REQUIRED, "a track call needs an event name") : null;
            case ALIAS -> !call.has("previousId") || !call.has("userId")
                    ? Violation.of(call.has("userId") ? "previousId" : "userId", Violation.REQUIRED,
                            "an alias call needs a userId and a previousId")
                    : null;
            case GROUP -> !call.has("groupId")
                    ? Violation.of("groupId", Violation.REQUIRED, "a group call needs a groupId") : null;
            default -> null;
        };
    }

    private Violation normalizeMessageId(ObjectNode call, String fallbackMessageId) {
        JsonNode value = call.get("messageId");
        if (value == null || value.isNull() || (value.isString() && value.stringValue().isBlank())) {
            call.put("messageId", fallbackMessageId);
            return null;
        }
        if (!value.isString() && !value.isNumber()) {
            return Violation.of("messageId", "string", "messageId must be a string");
        }
        if (value.isNumber()) {
            Violation numeric = numericId(call, "messageId");
            if (numeric != null) {
                return numeric;
            }
        }
        String messageId = call.get("messageId").asString();
        if (messageId.length() > limits.maxMessageIdLength()) {
            return Violation.of("messageId", "maxLength",
                    "messageId must not be longer than " + limits.maxMessageIdLength() + " characters");
        }
        call.put("messageId", messageId);
        return null;
    }

    /** Deep merge: values of {@code own} win, nested objects are merged key by key. */
    private static ObjectNode merge(ObjectNode inherited, ObjectNode own) {
        ObjectNode merged = inherited.deepCopy();
        if (own == null) {
            return merged;
        }
        for (Map.Entry<String, JsonNode> entry : own.properties()) {
            JsonNode base = merged.get(entry.getKey());
            if (base != null && base.isObject() && entry.getValue().isObject()) {
                merged.set(entry.getKey(), merge((ObjectNode) base, (ObjectNode) entry.getValue()));
            } else {
                merged.set(entry.getKey(), entry.getValue());
            }
        }
        return merged;
    }

    private static boolean blank(JsonNode value) {
        return value == null || !value.isString() || value.stringValue().isBlank();
    }

    private static String textOrNull(JsonNode value) {
        return value != null && value.isString() ? value.stringValue() : null;
    }
}
