package io.cdp.reporting.compute;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;

import io.cdp.reporting.Kpi;

/**
 * The catalogue's formulas over exact figures: every value is the exact rational rounded once, half-up, to
 * its unit's scale, so that a recomputation from raw events gives the same digits. A rate over nothing is
 * {@code null}, not zero; so is a KPI whose figures do not apply to the scope.
 */
final class KpiFormulas {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    private final Map<String, BigDecimal> values = new LinkedHashMap<>();

    private KpiFormulas() {
    }

    /** Every KPI of the catalogue, in its order, keyed by id. */
    public static Map<String, BigDecimal> values(Figures f) {
        KpiFormulas v = new KpiFormulas();
        BigDecimal revenue = money(f.revenueMicros());
        BigDecimal cost = f.costMicros() == null ? null : money(f.costMicros());
        BigDecimal orders = count(f.orders());
        BigDecimal customers = count(f.activeCustomers());
        v.ratio(Kpi.PROFILES, count(f.profiles()), BigDecimal.ONE, BigDecimal.ONE);
        v.ratio(Kpi.KNOWN_PROFILES, count(f.knownProfiles()), BigDecimal.ONE, BigDecimal.ONE);
        v.ratio(Kpi.ANONYMOUS_PROFILES, f.profiles() == null ? null : count(f.profiles() - f.knownProfiles()),
                BigDecimal.ONE, BigDecimal.ONE);
        v.ratio(Kpi.IDENTIFIED_RATE, count(f.knownProfiles()), count(f.profiles()), HUNDRED);
        v.ratio(Kpi.UNIQUE_VISITORS, count(f.uniqueVisitors()), BigDecimal.ONE, BigDecimal.ONE);
        v.ratio(Kpi.PAGE_VIEWS, count(f.pageViews()), BigDecimal.ONE, BigDecimal.ONE);
        BigDecimal sessions = count(f.sessions());
        v.ratio(Kpi.SESSIONS, sessions, BigDecimal.ONE, BigDecimal.ONE);
        v.ratio(Kpi.BOUNCE_RATE, count(f.bounces()), sessions, HUNDRED);
        v.ratio(Kpi.PAGES_PER_SESSION, count(f.pageViews()), sessions, BigDecimal.ONE);
        v.ratio(Kpi.EVENTS_PER_SESSION, count(f.sessionEvents()), sessions, BigDecimal.ONE);
        v.ratio(Kpi.SESSION_LENGTH, BigDecimal.valueOf(f.sessionMillis()).movePointLeft(3), sessions, BigDecimal.ONE);
        v.ratio(Kpi.ACTIVE_CUSTOMERS, customers, BigDecimal.ONE, BigDecimal.ONE);
        v.ratio(Kpi.ORDERS, orders, BigDecimal.ONE, BigDecimal.ONE);
        v.ratio(Kpi.REVENUE, revenue, BigDecimal.ONE, BigDecimal.ONE);
        v.ratio(Kpi.AOV, revenue, orders, BigDecimal.ONE);
        v.ratio(Kpi.ORDERS_PER_ACTIVE_CUSTOMER, orders, customers, BigDecimal.ONE);
        v.ratio(Kpi.CONVERSION_RATE, customers, count(f.uniqueVisitors()), HUNDRED);
        v.ratio(Kpi.REPEAT_PURCHASE_RATE, count(f.repeatCustomers()), customers, HUNDRED);
        v.ratio(Kpi.NEW_CUSTOMERS, count(f.newCustomers()), BigDecimal.ONE, BigDecimal.ONE);
        v.ratio(Kpi.LEAD_TO_CUSTOMER_RATE, count(f.convertedLeads()), count(f.leads()), HUNDRED);
        boolean costData = f.costedEvents() > 0;
        BigDecimal goodsCost = costData ? money(f.goodsCostMicros()) : null;
        BigDecimal costedRevenue = costData ? money(f.costedRevenueMicros()) : null;
        BigDecimal profit = costData ? money(f.costedRevenueMicros() - f.goodsCostMicros()) : null;
        v.ratio(Kpi.COST_OF_GOODS, goodsCost, BigDecimal.ONE, BigDecimal.ONE);
        v.ratio(Kpi.COST_COVERAGE, costedRevenue, revenue, HUNDRED);
        v.ratio(Kpi.GROSS_PROFIT, profit, BigDecimal.ONE, BigDecimal.ONE);
        v.ratio(Kpi.GROSS_MARGIN, profit, costedRevenue, HUNDRED);
        v.ratio(Kpi.PROFIT_PER_CUSTOMER, profit, count(f.costedCustomers()), BigDecimal.ONE);
        v.ratio(Kpi.HISTORICAL_CLV, f.historicalRevenueMicros() == null ? null : money(f.historicalRevenueMicros()),
                count(f.historicalCustomers()), BigDecimal.ONE);
        v.ratio(Kpi.CHURNED_SHARE, count(f.churned()), count(f.profiles()), HUNDRED);
        v.ratio(Kpi.IMPRESSIONS, count(f.impressions()), BigDecimal.ONE, BigDecimal.ONE);
        v.ratio(Kpi.CLICKS, count(f.clicks()), BigDecimal.ONE, BigDecimal.ONE);
        v.ratio(Kpi.COST, cost, BigDecimal.ONE, BigDecimal.ONE);
        v.ratio(Kpi.CPM, cost, count(f.impressions()), THOUSAND);
        v.ratio(Kpi.CTR, count(f.clicks()), count(f.impressions()), HUNDRED);
        v.ratio(Kpi.CPC, cost, count(f.clicks()), BigDecimal.ONE);
        v.ratio(Kpi.ROAS, cost == null ? null : revenue, cost, BigDecimal.ONE);
        v.ratio(Kpi.CPA, cost, orders, BigDecimal.ONE);
        v.ratio(Kpi.CAC, cost, count(f.newCustomers()), BigDecimal.ONE);
        v.ratio(Kpi.STORE_VISITS, count(f.storeVisits()), BigDecimal.ONE, BigDecimal.ONE);
        v.ratio(Kpi.COST_PER_STORE_VISIT, cost, count(f.storeVisits()), BigDecimal.ONE);
        v.ratio(Kpi.ROPO_ORDERS, count(f.ropoOrders()), BigDecimal.ONE, BigDecimal.ONE);
        v.ratio(Kpi.ROPO_SHARE, count(f.ropoOrders()), count(f.storeOrders()), HUNDRED);
        v.ratio(Kpi.ROPO_REVENUE, money(f.ropoRevenueMicros()), BigDecimal.ONE, BigDecimal.ONE);
        v.ratio(Kpi.NPS, count(f.npsPromoters() - f.npsDetractors()), count(f.npsAnswers()), HUNDRED);
        v.ratio(Kpi.NPS_ANSWERS, count(f.npsAnswers()), BigDecimal.ONE, BigDecimal.ONE);
        v.ratio(Kpi.NPS_PROMOTERS, count(f.npsPromoters()), BigDecimal.ONE, BigDecimal.ONE);
        v.ratio(Kpi.NPS_DETRACTORS, count(f.npsDetractors()), BigDecimal.ONE, BigDecimal.ONE);
        v.ratio(Kpi.REVIEWS, count(f.reviews()), BigDecimal.ONE, BigDecimal.ONE);
        v.ratio(Kpi.AVERAGE_RATING, money(f.ratingMicros()), count(f.reviews()), BigDecimal.ONE);
        return v.values;
    }

    /** {@code numerator × factor / denominator} rounded once to the KPI's scale; null over null or zero. */
    private void ratio(Kpi kpi, BigDecimal numerator, BigDecimal denominator, BigDecimal factor) {
        boolean defined = numerator != null && denominator != null && denominator.signum() != 0;
        values.put(kpi.id(), defined ? numerator.multiply(factor).divide(denominator, kpi.definition().scale(),
                RoundingMode.HALF_UP) : null);
    }

    /** Millionths as an exact amount. */
    private static BigDecimal money(long micros) {
        return BigDecimal.valueOf(micros).movePointLeft(6);
    }

    private static BigDecimal count(Long value) {
        return value == null ? null : BigDecimal.valueOf(value);
    }
}
