package io.cdp.reporting.compute;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cdp.reporting.Kpi;

class KpiFormulasTest {

    /**
     * 8 profiles (3 known), 2 churned; 6 visitors with 10 page views; 3 customers (1 repeat) with 4 orders and
     * 101.000001 net revenue; 1 new customer; 2,000 impressions, 30 clicks, 12.345 cost; 7 NPS answers (3
     * promoters, 2 detractors); 3 reviews rating 4, 5 and 3.5; 8 sessions (3 bounces) of 27 events lasting
     * 100.05 seconds together; 5 store visits; 3 store orders, 1 of them ROPO adding 7.000005; order lines with a
     * cost (2 events, 2 customers) of 40.5 covering 60.750001 of revenue.
     */
    private static final Figures FIGURES = new Figures(8L, 3L, 2L, 6, 10, 3, 1, 4, 101_000_001, 1L, 2000L, 30L,
            12_345_000L, 7, 3, 2, 3, 12_500_000, 8, 3, 27, 100_050, 6L, 2L, 250_000_005L, 3L, 5, 3, 1,
            7_000_005, 40_500_000, 60_750_001, 2, 2);

    @Test
    void eachFormulaIsTheExactQuotientRoundedHalfUpOnceToItsUnitsScale() {
        Map<String, BigDecimal> v = KpiFormulas.values(FIGURES);

        assertThat(v.get("profiles")).isEqualByComparingTo("8");
        assertThat(v.get("knownProfiles")).isEqualByComparingTo("3");
        assertThat(v.get("anonymousProfiles")).isEqualByComparingTo("5");
        assertThat(v.get("identifiedRate")).isEqualTo(new BigDecimal("37.50"));
        assertThat(v.get("churnedShare")).isEqualTo(new BigDecimal("25.00"));
        assertThat(v.get("revenue")).isEqualTo(new BigDecimal("101.00"));
        assertThat(v.get("aov")).isEqualTo(new BigDecimal("25.25"));
        assertThat(v.get("ordersPerActiveCustomer")).isEqualTo(new BigDecimal("1.3333"));
        assertThat(v.get("conversionRate")).isEqualTo(new BigDecimal("50.00"));
        assertThat(v.get("repeatPurchaseRate")).isEqualTo(new BigDecimal("33.33"));
        assertThat(v.get("cost")).isEqualTo(new BigDecimal("12.35"));
        assertThat(v.get("cpm")).isEqualTo(new BigDecimal("6.17")); // 6.1725
        assertThat(v.get("ctr")).isEqualTo(new BigDecimal("1.50"));
        assertThat(v.get("cpc")).isEqualTo(new BigDecimal("0.41")); // 0.4115
        assertThat(v.get("roas")).isEqualTo(new BigDecimal("8.1815")); // 101.000001 / 12.345 = 8.18145…
        assertThat(v.get("cpa")).isEqualTo(new BigDecimal("3.09")); // 3.08625
        assertThat(v.get("cac")).isEqualTo(new BigDecimal("12.35"));
        assertThat(v.get("storeVisits")).isEqualByComparingTo("5");
        assertThat(v.get("costPerStoreVisit")).isEqualTo(new BigDecimal("2.47")); // 2.469
        assertThat(v.get("ropoOrders")).isEqualByComparingTo("1");
        assertThat(v.get("ropoShare")).isEqualTo(new BigDecimal("33.33"));
        assertThat(v.get("ropoRevenue")).isEqualTo(new BigDecimal("7.00"));
        assertThat(v.get("nps")).isEqualTo(new BigDecimal("14.29")); // (3 - 2) / 7
        assertThat(v.get("averageRating")).isEqualTo(new BigDecimal("4.1667"));
        assertThat(v.get("sessions")).isEqualByComparingTo("8");
        assertThat(v.get("bounceRate")).isEqualTo(new BigDecimal("37.50"));
        assertThat(v.get("pagesPerSession")).isEqualTo(new BigDecimal("1.2500"));
        assertThat(v.get("eventsPerSession")).isEqualTo(new BigDecimal("3.3750"));
        assertThat(v.get("sessionLength")).isEqualTo(new BigDecimal("12.5")); // 12.50625
        assertThat(v.get("leadToCustomerRate")).isEqualTo(new BigDecimal("33.33"));
        assertThat(v.get("historicalClv")).isEqualTo(new BigDecimal("83.33")); // 83.333335
        assertThat(v.get("costOfGoods")).isEqualTo(new BigDecimal("40.50"));
        assertThat(v.get("costCoverage")).isEqualTo(new BigDecimal("60.15")); // 60.1485…
        assertThat(v.get("grossProfit")).isEqualTo(new BigDecimal("20.25")); // 20.250001
        assertThat(v.get("grossMargin")).isEqualTo(new BigDecimal("33.33")); // 33.3333…
        assertThat(v.get("profitPerCustomer")).isEqualTo(new BigDecimal("10.13")); // 10.1250005
    }

    @Test
    void roundsTheExactValueNotAnEarlierRoundedOne() {
        // 0.004999995 rounds to 0.00: rounding it first to 8 decimals (0.00500000) would give 0.01
        Figures figures = new Figures(null, null, null, 0, 0, 0, 0, 200, 999_999, 0L, null, null, null, 0,
                0, 0, 0, 0, 0, 0, 0, 0, null, null, null, null, 0, 0, 0, 0, 0, 0, 0, 0);

        assertThat(KpiFormulas.values(figures).get("aov")).isEqualTo(new BigDecimal("0.00"));
    }

    @Test
    void aRateOverNothingAndFiguresThatDoNotApplyAreNullNotZero() {
        Figures nothing = new Figures(null, null, null, 0, 0, 0, 0, 0, 0, 0L, null, null, null, 0, 0, 0, 0, 0, 0, 0,
                0, 0, null, null, null, null, 0, 0, 0, 0, 0, 0, 0, 0);

        Map<String, BigDecimal> v = KpiFormulas.values(nothing);

        assertThat(v).containsKeys(Kpi.catalogue().stream().map(d -> d.id()).toArray(String[]::new));
        assertThat(v.get("conversionRate")).isNull();
        assertThat(v.get("aov")).isNull();
        assertThat(v.get("nps")).isNull();
        assertThat(v.get("profiles")).isNull();
        assertThat(v.get("cost")).isNull();
        assertThat(v.get("roas")).isNull();
        assertThat(v.get("costPerStoreVisit")).isNull();
        assertThat(v.get("ropoShare")).isNull();
        assertThat(v.get("bounceRate")).isNull();
        assertThat(v.get("sessionLength")).isNull();
        assertThat(v.get("leadToCustomerRate")).isNull();
        assertThat(v.get("historicalClv")).isNull();
        // no order line carries a cost: "no cost data", not a profit of 0
        assertThat(v.get("costOfGoods")).isNull();
        assertThat(v.get("grossProfit")).isNull();
        assertThat(v.get("grossMargin")).isNull();
        assertThat(v.get("profitPerCustomer")).isNull();
        assertThat(v.get("costCoverage")).isNull();
        assertThat(v.get("sessions")).isEqualByComparingTo("0");
        assertThat(v.get("orders")).isEqualByComparingTo("0");
        assertThat(v.get("revenue")).isEqualTo(new BigDecimal("0.00"));
    }

    @Test
    void refundsLargerThanSalesMakeNegativeRevenueAndNetPromoterScoreCanBeNegative() {
        Figures figures = new Figures(null, null, null, 2, 0, 1, 0, 1, -5_000_000, 0L, null, null, null, 4, 0, 3, 0,
                0, 0, 0, 0, 0, null, null, null, null, 0, 0, 0, 0, 0, 0, 0, 0);

        Map<String, BigDecimal> v = KpiFormulas.values(figures);

        assertThat(v.get("revenue")).isEqualTo(new BigDecimal("-5.00"));
        assertThat(v.get("nps")).isEqualTo(new BigDecimal("-75.00"));
    }
}
