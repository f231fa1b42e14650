package io.cdp.profile.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The profile store's index names; the prefix lets tests and tenants run side by side. */
public record IndexNames(String prefix) {

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy.MM").withZone(ZoneOffset.UTC);

    public String profiles() {
        return prefix + "profiles";
    }

    public String identities() {
        return prefix + "identities";
    }

    public String eventsPattern() {
        return prefix + "events-*";
    }

    /** Events are kept in monthly indices by event time. */
    public String events(Instant timestamp) {
        return prefix + "events-" + MONTH.format(timestamp);
    }
}
