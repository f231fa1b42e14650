package io.cdp.ingestion.source;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named origin of events (web, app, pos, crm ...) that owns one write key. Only a short
 * prefix of the key is kept in the clear, to let admins tell keys apart.
 */
public record Source(String id, String name, String keyPrefix, Instant createdAt) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    public Source {
        id = validId(id);
        name = name == null || name.isBlank() ? id : name.trim();
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Source ids appear in metric tags and Kafka records: lowercase letters, digits, '-' and '_'. */
    public static String validId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new InvalidSourceException("id",
                    "a source id is 1-64 lowercase letters, digits, '-' or '_', starting with a letter or digit");
        }
        return id;
    }
}
