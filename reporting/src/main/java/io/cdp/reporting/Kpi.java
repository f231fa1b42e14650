package io.cdp.reporting;

import static io.cdp.reporting.KpiDefinition.Direction.DOWN_IS_GOOD;
import static io.cdp.reporting.KpiDefinition.Direction.NEUTRAL;
import static io.cdp.reporting.KpiDefinition.Direction.UP_IS_GOOD;
import static io.cdp.reporting.KpiDefinition.Unit.COUNT;
import static io.cdp.reporting.KpiDefinition.Unit.DURATION_SECONDS;
import static io.cdp.reporting.KpiDefinition.Unit.MONEY;
import static io.cdp.reporting.KpiDefinition.Unit.PERCENT;
import static io.cdp.reporting.KpiDefinition.Unit.RATIO;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.cdp.reporting.KpiDefinition.Direction;
import io.cdp.reporting.KpiDefinition.Unit;

/**
 * The KPI catalogue: one definition per KPI. "Profile" always means a unified profile: the events of
 * profiles merged into another count for the survivor, so a person counts once. "In the period" means an
 * event timestamp in {@code [from, to)}. Money is net of refunds, in the reporting currency; orders in a
 * currency without an exchange rate are left out of money (as on the profile). reporting/README.md
 * has the same table with the details.
 */
public enum Kpi {

    PROFILES("profiles", "Profiles", "Unified profiles first seen before the end of the period (merged-away and "
            + "erased profiles not counted)", COUNT, UP_IS_GOOD),
    KNOWN_PROFILES("knownProfiles", "Known profiles", "Profiles (as above) with a userId (identified)",
            COUNT, UP_IS_GOOD),
    ANONYMOUS_PROFILES("anonymousProfiles", "Anonymous profiles", "Profiles (as above) without a userId", COUNT,
            NEUTRAL),
    IDENTIFIED_RATE("identifiedRate", "Identified rate", "Known profiles / profiles × 100", PERCENT, UP_IS_GOOD),
    UNIQUE_VISITORS("uniqueVisitors", "Unique visitors", "Distinct profiles with any event in the period", COUNT,
            UP_IS_GOOD),
    PAGE_VIEWS("pageViews", "Page views", "Page and screen calls in the period", COUNT, UP_IS_GOOD),
    SESSIONS("sessions", "Sessions", "Per profile, runs of its events in the period with no gap over 30 minutes "
            + "between consecutive events", COUNT, UP_IS_GOOD),
    BOUNCE_RATE("bounceRate", "Bounce rate", "Sessions of exactly one event, a page or screen view / sessions × 100",
            PERCENT, DOWN_IS_GOOD),
    PAGES_PER_SESSION("pagesPerSession", "Pages per session", "Page views / sessions", RATIO, UP_IS_GOOD),
    EVENTS_PER_SESSION("eventsPerSession", "Events per session", "Events in the period / sessions", RATIO,
            UP_IS_GOOD),
    SESSION_LENGTH("sessionLength", "Average session length", "Sum over sessions of the seconds from their first "
            + "to their last event / sessions", DURATION_SECONDS, UP_IS_GOOD),
    ACTIVE_CUSTOMERS("activeCustomers", "Active customers", "Distinct profiles with an Order Completed in the period",
            COUNT, UP_IS_GOOD),
    ORDERS("orders", "Orders", "Distinct order ids of Order Completed events in the period", COUNT, UP_IS_GOOD),
    REVENUE("revenue", "Revenue", "Sum of Order Completed amounts minus Order Refunded amounts in the period, each "
            + "at its day's exchange rate into the reporting currency", MONEY, UP_IS_GOOD),
    AOV("aov", "Average order value", "Revenue / orders", MONEY, UP_IS_GOOD),
    ORDERS_PER_ACTIVE_CUSTOMER("ordersPerActiveCustomer", "Orders per active customer",
            "Orders / active customers", RATIO, UP_IS_GOOD),
    CONVERSION_RATE("conversionRate", "Conversion rate (visitors → buyers)", "Active customers / unique visitors "
            + "× 100", PERCENT, UP_IS_GOOD),
    REPEAT_PURCHASE_RATE("repeatPurchaseRate", "Repeat-purchase rate", "Active customers with at least the lifecycle's "
            + "repeat orders (cdp.segmentation.lifecycle.repeat-orders, 2) orders in the period / active customers × 100",
            PERCENT, UP_IS_GOOD),
    NEW_CUSTOMERS("newCustomers", "New customers", "Profiles whose first order ever is in the period", COUNT,
            UP_IS_GOOD),
    LEAD_TO_CUSTOMER_RATE("leadToCustomerRate", "Lead-to-customer rate", "Of the leads (profiles with a userId "
            + "first seen in the period), those whose first order ever is in the period / leads × 100", PERCENT,
            UP_IS_GOOD),
    COST_OF_GOODS("costOfGoods", "Cost of goods", "Of the period's order lines with a unit cost (their own, else the "
            + "imported cost of their product on the order's day): cost × quantity, returned lines (Order Refunded "
            + "lines with a cost) deducted; none without cost data", MONEY, NEUTRAL),
    COST_COVERAGE("costCoverage", "Cost coverage", "Revenue of the order lines with a cost / revenue × 100: how much "
            + "of the revenue the profit KPIs cover", PERCENT, UP_IS_GOOD),
    GROSS_PROFIT("grossProfit", "Gross profit", "Revenue of the order lines with a cost − their cost of goods, returned "
            + "lines deducted from both; only over lines with a cost (see cost coverage)", MONEY, UP_IS_GOOD),
    GROSS_MARGIN("grossMargin", "Gross margin", "Gross profit / revenue of the order lines with a cost × 100",
            PERCENT, UP_IS_GOOD),
    PROFIT_PER_CUSTOMER("profitPerCustomer", "Profit per customer", "Gross profit / profiles with an Order Completed "
            + "in the period that has lines with a cost", MONEY, UP_IS_GOOD),
    HISTORICAL_CLV("historicalClv", "Historical CLV", "Net revenue of all orders up to the end of the period / "
            + "profiles with an order up to the end", MONEY, UP_IS_GOOD),
    CHURNED_SHARE("churnedShare", "Churned share", "Profiles (as above) with no event in the lifecycle's "
            + "churn window before the end of the period (cdp.segmentation.lifecycle.churn-days, 90 days) / profiles × 100",
            PERCENT, DOWN_IS_GOOD),
    IMPRESSIONS("impressions", "Impressions", "Sum of imported spend impressions in the period", COUNT, UP_IS_GOOD),
    CLICKS("clicks", "Clicks", "Sum of imported spend clicks in the period", COUNT, UP_IS_GOOD),
    COST("cost", "Cost", "Sum of imported spend cost in the period (spend rows in the reporting currency)", MONEY,
            NEUTRAL),
    CPM("cpm", "CPM", "Cost / impressions × 1000", MONEY, DOWN_IS_GOOD),
    CTR("ctr", "Click-through rate", "Clicks / impressions × 100", PERCENT, UP_IS_GOOD),
    CPC("cpc", "Cost per click", "Cost / clicks", MONEY, DOWN_IS_GOOD),
    ROAS("roas", "Return on ad spend", "Revenue / cost (by channel or campaign: the net revenue of the orders "
            + "attributed to it, as for CPA)", RATIO, UP_IS_GOOD),
    CPA("cpa", "Cost per acquisition", "Cost / orders (by channel or campaign: the orders attributed to it, by "
            + "the order event's own channel or, with attribution first or last, the first or last touch within "
            + "the attribution window before the order)", MONEY, DOWN_IS_GOOD),
    CAC("cac", "Customer acquisition cost", "Cost / new customers (by channel or campaign: the new customers whose "
            + "first order is attributed to it, as for CPA)", MONEY, DOWN_IS_GOOD),
    STORE_VISITS("storeVisits", "Store visits", "Store Visited events in the period", COUNT, UP_IS_GOOD),
    COST_PER_STORE_VISIT("costPerStoreVisit", "Cost per store visit", "Cost / store visits", MONEY, DOWN_IS_GOOD),
    ROPO_ORDERS("ropoOrders", "ROPO orders", "Store orders in the period (channel store) whose buyer viewed one of "
            + "their products online (a Product Viewed not in store) at most cdp.reporting.ropo-window-days (7) days "
            + "before", COUNT, UP_IS_GOOD),
    ROPO_SHARE("ropoShare", "ROPO share", "ROPO orders / store orders × 100", PERCENT, UP_IS_GOOD),
    ROPO_REVENUE("ropoRevenue", "ROPO revenue", "Sum of the Order Completed amounts of the ROPO orders in the "
            + "period, less their Order Refunded amounts in the period", MONEY, UP_IS_GOOD),
    NPS("nps", "Net promoter score", "Of Survey Answered events with survey nps and a score 0–10 in the period: "
            + "(promoters, scores 9–10, − detractors, scores 0–6) / answers × 100", PERCENT, UP_IS_GOOD),
    NPS_ANSWERS("npsAnswers", "NPS answers", "Survey Answered events with survey nps and a score 0–10 in the period",
            COUNT, UP_IS_GOOD),
    NPS_PROMOTERS("npsPromoters", "NPS promoters", "NPS answers with a score of 9 or 10", COUNT, UP_IS_GOOD),
    NPS_DETRACTORS("npsDetractors", "NPS detractors", "NPS answers with a score of 0 to 6", COUNT, DOWN_IS_GOOD),
    REVIEWS("reviews", "Reviews", "Product Reviewed events with a numeric rating in the period", COUNT, UP_IS_GOOD),
    AVERAGE_RATING("averageRating", "Average rating", "Sum of the ratings of those reviews / reviews", RATIO,
            UP_IS_GOOD);

    private final KpiDefinition definition;

    Kpi(String id, String label, String formula, Unit unit, Direction direction) {
        this.definition = new KpiDefinition(id, label, formula, unit, direction);
    }

    public KpiDefinition definition() {
        return definition;
    }

    public String id() {
        return definition.id();
    }

    public static List<KpiDefinition> catalogue() {
        return Arrays.stream(values()).map(Kpi::definition).toList();
    }

    public static Optional<Kpi> byId(String id) {
        return Arrays.stream(values()).filter(kpi -> kpi.id().equals(id)).findFirst();
    }
}
