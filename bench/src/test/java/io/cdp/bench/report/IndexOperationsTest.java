package io.cdp.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

class IndexOperationsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static IndexOperations reading(long eventsIndexed, long profileGets, long refreshes) {
        return IndexOperations.of(JSON.readTree("""
                {"indices": {
                  "cdp-events-2026.11": {"total": {"indexing": {"index_total": %d}, "get": {"total": 0},
                                         "search": {"query_total": 0}, "refresh": {"total": 1},
                                         "bulk": {"total_operations": %d}}},
                  "cdp-events-2026.10": {"total": {"indexing": {"index_total": %d}, "get": {"total": 0},
                                         "search": {"query_total": 0}, "refresh": {"total": 1},
                                         "bulk": {"total_operations": %d}}},
                  "cdp-profiles": {"total": {"indexing": {"index_total": 0}, "get": {"total": %d, "time_in_millis": %d},
                                   "search": {"query_total": 4}, "refresh": {"total": %d}}},
                  "cdp-idle": {"total": {"indexing": {"index_total": 7}, "get": {"total": 7},
                               "search": {"query_total": 7}, "refresh": {"total": 7}}}}}
                """.formatted(eventsIndexed, eventsIndexed / 100, eventsIndexed, eventsIndexed / 100, profileGets,
                        profileGets / 10, refreshes)));
    }

    @Test
    void countsEachIndexsOperationsAndTheirTimeOfAPhasePerUnitMonthsTogetherIdleIndicesLeftOut() {
        IndexOperations phase = reading(1_500, 3_000, 250).since(reading(500, 1_000, 50));

        assertThat(phase.byIndex()).containsOnlyKeys("cdp-events-*", "cdp-profiles");
        assertThat(phase.byIndex().get("cdp-events-*")).containsExactly(2_000, 0, 0, 0, 20, 0, 0, 0, 0);
        assertThat(phase.render(1_000, "event"))
                .containsPattern("cdp-profiles +0.000 +2.000 +0.000 +0.200 +0.000 +0 +200 +0 +0")
                .containsPattern("cdp-events-\\* +2.000 +0.000 +0.000 +0.000 +0.020 +0 +0 +0 +0");
    }
}
