package io.cdp.segmentation.drl;

import io.cdp.segmentation.Condition;

/**
 * One rule to compile: a condition tree or raw DRL conditions, with the JSON path used to
 * report errors. Rules fire in descending salience so that a segment's membership is final
 * before rules reading it fire.
 */
public record RuleSpec(String key, Condition condition, String drl, int salience, String path) {
}
