package io.cdp.bench.data;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One Segment-spec message as a client library would send it, without {@code sentAt}: the
 * replayer stamps {@code sentAt} at send time, so that the platform's clock-skew correction
 * ({@code receivedAt - (sentAt - timestamp)}) keeps the generated historical timestamp.
 */
public record Call(Source source, Instant timestamp, Map<String, Object> message) {

    public Call {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(timestamp, "timestamp");
        message = Collections.unmodifiableMap(new LinkedHashMap<>(message));
    }

    public String messageId() {
        return (String) message.get("messageId");
    }

    public String type() {
        return (String) message.get("type");
    }

    public String event() {
        return (String) message.get("event");
    }
}
