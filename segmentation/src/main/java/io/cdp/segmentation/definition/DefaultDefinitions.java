package io.cdp.segmentation.definition;

import io.cdp.segmentation.Condition;
import io.cdp.segmentation.Condition.Frequency;
import io.cdp.segmentation.Condition.MetricName;
import io.cdp.segmentation.Condition.Op;
import io.cdp.segmentation.LifecycleThresholds;
import io.cdp.segmentation.SegmentDefinition;

import java.util.ArrayList;
import java.util.List;

/** The shipped lifecycle segments and journey stages, written in the marketers' tree language. */
public final class DefaultDefinitions {

    private DefaultDefinitions() {
    }

    /** The lowest NPS score of a promoter (9–10; 7–8 are passives, 0–6 detractors). */
    public static final int NPS_PROMOTER = 9;
    /** How recent cart and checkout activity must be to count as deciding. */
    static final int DECISION_DAYS = 14;
    /** How recent product views and searches must be to count as considering. */
    static final int CONSIDERATION_DAYS = 30;
    /** Store visits are counted from the per-day rollups, which the profile store keeps 400 days by default. */
    static final int STORE_VISIT_DAYS = 365;

    /**
     * The journey stages, most advanced first (the first match wins): loyalty (repeat buyer or NPS promoter),
     * service (ordered within the active days), decision (cart or checkout), consideration (product views or
     * searches), awareness (visited: a session or a store visit). A customer's orders therefore decide their
     * stage before their browsing does.
     */
    public static List<SegmentDefinition> stages(LifecycleThresholds t) {
        return List.of(
                SegmentDefinition.of("loyalty", "Loyalty: repeat buyer (at least " + t.repeatOrders()
                                + " orders) or NPS promoter (latest score " + NPS_PROMOTER + "–10)",
                        new Condition.Or(List.of(metric(MetricName.ORDERS, Op.GTE, t.repeatOrders()),
                                metric(MetricName.NPS_SCORE, Op.GTE, NPS_PROMOTER)))),
                SegmentDefinition.of("service", "Service: ordered in the last " + t.activeDays() + " days",
                        metric(MetricName.LAST_ORDER_AT, Op.WITHIN_LAST_DAYS, t.activeDays())),
                SegmentDefinition.of("decision", "Decision: cart or checkout in the last " + DECISION_DAYS + " days",
                        anyWithin(DECISION_DAYS, "Product Added", "Cart Viewed", "Checkout Started")),
                SegmentDefinition.of("consideration", "Consideration: viewed or searched products in the last "
                                + CONSIDERATION_DAYS + " days",
                        anyWithin(CONSIDERATION_DAYS, "Product Viewed", "Products Searched")),
                SegmentDefinition.of("awareness", "Awareness: visited (a web or app session, or a store visit in the"
                                + " last " + STORE_VISIT_DAYS + " days)",
                        new Condition.Or(List.of(metric(MetricName.SESSIONS, Op.GTE, 1),
                                anyWithin(STORE_VISIT_DAYS, "Store Visited")))));
    }

    private static Condition anyWithin(int days, String... events) {
        List<Condition> any = new ArrayList<>();
        for (String event : events) {
            any.add(new Condition.Event(event, null, Frequency.AT_LEAST, 1, days, null, null));
        }
        return new Condition.Or(any);
    }

    public static List<SegmentDefinition> lifecycle(LifecycleThresholds t) {
        List<SegmentDefinition> segments = new ArrayList<>(List.of(
                SegmentDefinition.of("lifecycle-new", "New: first seen in the last " + t.newDays() + " days",
                        metric(MetricName.FIRST_SEEN, Op.WITHIN_LAST_DAYS, t.newDays())),
                SegmentDefinition.of("lifecycle-active", "Active: seen in the last " + t.activeDays() + " days",
                        metric(MetricName.LAST_SEEN, Op.WITHIN_LAST_DAYS, t.activeDays())),
                SegmentDefinition.of("lifecycle-at-risk", "At risk: not seen for " + t.activeDays()
                                + " days, seen within " + t.churnDays(),
                        new Condition.And(List.of(
                                metric(MetricName.LAST_SEEN, Op.MORE_THAN_DAYS_AGO, t.activeDays()),
                                new Condition.Not(metric(MetricName.LAST_SEEN, Op.MORE_THAN_DAYS_AGO,
                                        t.churnDays()))))),
                SegmentDefinition.of("lifecycle-churned", "Churned: not seen for " + t.churnDays() + " days",
                        metric(MetricName.LAST_SEEN, Op.MORE_THAN_DAYS_AGO, t.churnDays())),
                SegmentDefinition.of("repeat-buyer", "Repeat buyer: at least " + t.repeatOrders() + " orders",
                        metric(MetricName.ORDERS, Op.GTE, t.repeatOrders()))));
        if (t.vipRevenue() != null) {
            segments.add(SegmentDefinition.of("vip", "VIP: top decile by revenue",
                    metric(MetricName.REVENUE, Op.GTE, t.vipRevenue())));
        }
        return segments;
    }

    private static Condition metric(MetricName metric, Op op, Object value) {
        return new Condition.Metric(metric, op, value);
    }
}
