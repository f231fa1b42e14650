package io.cdp.profile.domain;

import java.time.Instant;
import java.util.Objects;

/** One trait value with where and when it was set; the newest event wins. */
public record Trait(Object value, String source, Instant updatedAt) {

    public Trait {
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /**
     * Whether this value should replace {@code current}: newer wins; on a tie the order of
     * arrival must not matter, so the larger (source, value) string wins.
     */
    public boolean supersedes(Trait current) {
        if (current == null) {
            return true;
        }
        int byTime = updatedAt.compareTo(current.updatedAt);
        if (byTime != 0) {
            return byTime > 0;
        }
        return (source + "|" + value).compareTo(current.source + "|" + current.value) > 0;
    }
}
