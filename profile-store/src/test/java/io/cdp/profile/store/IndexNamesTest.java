package io.cdp.profile.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class IndexNamesTest {

    private final IndexNames names = new IndexNames("cdp-");

    @Test
    void anEventsTimeSpanNamesTheMonthlyIndicesThatCanHoldItsEventsAndNoOther() {
        assertThat(names.eventsBetween(Instant.parse("2026-11-06T00:00:00Z"), Instant.parse("2026-12-07T00:00:00Z")))
                .containsExactly("cdp-events-2026.11", "cdp-events-2026.12");
        // the end is exclusive: a span ending at midnight on the first of a month does not reach that month
        assertThat(names.eventsBetween(Instant.parse("2025-12-31T23:00:00Z"), Instant.parse("2026-02-01T00:00:00Z")))
                .containsExactly("cdp-events-2025.12", "cdp-events-2026.01");
        assertThat(names.eventsBetween(Instant.parse("2026-12-06T00:00:00Z"), Instant.parse("2026-12-07T00:00:00Z")))
                .containsExactly(names.events(Instant.parse("2026-12-06T10:00:00Z")));
    }

    @Test
    void aSpanOfYearsIsSearchedByThePattern() {
        assertThat(names.eventsBetween(Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("2026-12-07T00:00:00Z")))
                .containsExactly("cdp-events-*");
    }
}
