package io.cdp.segmentation.definition;

import io.cdp.segmentation.Condition;
import io.cdp.segmentation.Condition.MetricName;
import io.cdp.segmentation.Condition.Op;
import io.cdp.segmentation.LifecycleThresholds;
import io.cdp.segmentation.SegmentDefinition;

import java.util.List;

/** The shipped lifecycle segments and journey stages, written in the marketers' tree language. */
public final class DefaultDefinitions {

    private DefaultDefinitions() {
    }

    public static List<SegmentDefinition> stages() {
        return DefinitionJson.read(DefaultDefinitions.class.getResourceAsStream("stages.json"), Stages.class)
                .stages();
    }

    /** The file's shape: the stages of the definition language, nothing else. */
    private record Stages(List<SegmentDefinition> stages) {
    }

    public static List<SegmentDefinition> lifecycle(LifecycleThresholds t) {
        List<SegmentDefinition> segments = List.of(
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
                        metric(MetricName.ORDERS, Op.GTE, t.repeatOrders())),
                SegmentDefinition.of("vip", "VIP: top decile by predicted CLV (the last CLV run's)",
                        metric(MetricName.PREDICTED_CLV_DECILE, Op.GTE, 10)));
        return segments;
    }

    private static Condition metric(MetricName metric, Op op, Object value) {
        return new Condition.Metric(metric, op, value);
    }
}
