package io.cdp.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.cdp.AppIntegrationTest;
import io.cdp.reporting.compute.ElasticsearchKpis;
import io.cdp.reporting.compute.ReportingSearches;
import io.cdp.segmentation.LifecycleThresholds;

/**
 * A platform that has stored nothing yet (no event, profile or membership index exists, as right after
 * {@code ./cdp start}) reports zeros and undefined rates instead of failing: the overview is the first page a new
 * user sees. Indices under a prefix nobody writes stand for the fresh store.
 */
class KpisOnAFreshStoreIT extends AppIntegrationTest {

    @Autowired
    private ElasticsearchClient client;

    @Test
    void aStoreWithoutAnyIndexReportsZerosAndUndefinedRates() {
        String prefix = "fresh-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        Kpis kpis = new ElasticsearchKpis(new ReportingSearches(client, prefix, prefix, "USD", 100, Duration.ofDays(7),
                Duration.ofDays(30)), LifecycleThresholds.DEFAULTS);
        Instant to = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
        Instant from = to.minus(Duration.ofDays(30));

        KpiReport report = kpis.report(KpiQuery.of(from.toString(), to.toString(), "day", "channel"));
        assertThat(report.totals().get(Kpi.ORDERS)).isZero();
        assertThat(report.totals().get(Kpi.PROFILES)).isZero();
        assertThat(report.totals().get(Kpi.CONVERSION_RATE)).as("a rate over nobody").isNull();
        assertThat(report.series()).hasSize(30);
        assertThat(report.groups()).isEmpty();

        KpiReport.Group segment = kpis.segment("vip", from, to);
        assertThat(segment.key()).isEqualTo("vip");
        assertThat(segment.get(Kpi.ORDERS)).isZero();
        assertThat(segment.get(Kpi.REVENUE)).isZero();
        assertThat(kpis.report(KpiQuery.of(from.toString(), to.toString(), "week", "segment", null, "event")
                .onlySegment("vip")).groups()).extracting(KpiReport.Group::key).containsExactly("vip");
    }
}
