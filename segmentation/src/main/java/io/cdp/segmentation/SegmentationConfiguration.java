package io.cdp.segmentation;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cdp.segmentation.drl.DrlCompiler;

/** The evaluator from {@code cdp.segmentation.*}; no Elasticsearch or Kafka needed. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SegmentationProperties.class)
class SegmentationConfiguration {

    /** The lifecycle thresholds the built-in segments use, for modules that measure by the same ones. */
    @Bean
    LifecycleThresholds lifecycleThresholds(SegmentationProperties properties) {
        return properties.lifecycle().thresholds();
    }

    /** Starts with the shipped lifecycle segments and stages until definitions are loaded. */
    @Bean
    Evaluator segmentEvaluator(SegmentationProperties properties, LifecycleThresholds thresholds, Clock clock) {
        Evaluator evaluator = new Evaluator(clock, properties.zone(),
                properties.rawDrlEnabled(), DrlCompiler.Threads.MANY);
        evaluator.define(Definitions.defaults(thresholds));
        return evaluator;
    }

}
