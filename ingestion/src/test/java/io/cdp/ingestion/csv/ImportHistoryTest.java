package io.cdp.ingestion.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.cdp.ingestion.OrderHistoryWindows;

class ImportHistoryTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 6);

    private static OrderHistoryWindows.Window window(String name, String rule, int days, boolean recent,
                                                     boolean byFirstOrder) {
        LocalDate day = TODAY.minusDays(days);
        return new OrderHistoryWindows.Window("segment", name.toLowerCase(), name, rule, days, day,
                day.atStartOfDay(ZoneOffset.UTC).toInstant(), recent, byFirstOrder);
    }

    @Test
    void ordersOlderThanTheLongestRecentWindowAreHistoryOnlyAndEachWindowIsStatedInWords() {
        OrderHistoryWindows.Window recent = window("Recent", "last order within the last 30 days", 30, true, false);
        OrderHistoryWindows.Window year = window("Yearly", "Order Completed at least 1 time within the last 365 days",
                365, true, false);
        OrderHistoryWindows.Window lapsed = window("Lapsed", "last order more than 90 days ago", 90, false, false);

        ImportHistory history = ImportHistory.of(1_000, 200, List.of(new ImportHistory.WindowFit(recent, 50, 20),
                new ImportHistory.WindowFit(year, 400, 90), new ImportHistory.WindowFit(lapsed, 800, 150)));

        assertThat(history.longestWindow().window()).isEqualTo(year);
        assertThat(history.historyOnly()).isEqualTo(600);
        assertThat(history.summary()).containsExactly(
                "600 of 1,000 orders (60 %) are older than 365 days (before 2025-12-06), the longest window a"
                        + " definition looks at (segment 'Yearly': Order Completed at least 1 time within the last"
                        + " 365 days): they count in lifetime figures (orders, revenue, average order value, CLV,"
                        + " cohorts) and in no time-window segment.",
                "Segment 'Recent': last order within the last 30 days: the latest imported order of 20 of 200"
                        + " customers (10 %) is inside its window (on or after 2026-11-06); 50 orders are.",
                "Segment 'Yearly': Order Completed at least 1 time within the last 365 days: the latest imported"
                        + " order of 90 of 200 customers (45 %) is inside its window (on or after 2025-12-06); 400"
                        + " orders are.",
                "Segment 'Lapsed': last order more than 90 days ago: the latest imported order of 150 of 200"
                        + " customers (75 %) is old enough for it (before 2026-09-07); 800 orders are.");
    }

    @Test
    void withoutARecentWindowNoOrderIsCalledHistoryOnlyAndAWindowHoldsTheEdgeItsRuleSays() {
        OrderHistoryWindows.Window lapsed = window("Lapsed", "last order more than 90 days ago", 90, false, false);
        Instant edge = lapsed.since();

        assertThat(lapsed.holds(edge.minusSeconds(1))).isTrue();
        assertThat(lapsed.holds(edge)).isFalse();
        assertThat(window("New", "first seen within the last 60 days", 60, true, true).holds(
                TODAY.minusDays(60).atStartOfDay(ZoneOffset.UTC).toInstant())).isTrue();
        ImportHistory history = ImportHistory.of(10, 3, List.of(new ImportHistory.WindowFit(lapsed, 1, 1)));
        assertThat(history.historyOnly()).isNull();
        assertThat(history.summary().get(1)).endsWith("(before 2026-09-07); 1 order is.");
        assertThat(history.summary().get(0)).startsWith("No segment, persona or stage looks at a time window of"
                + " orders within the last days");
    }
}
