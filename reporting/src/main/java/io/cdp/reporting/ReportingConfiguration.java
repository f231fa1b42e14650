package io.cdp.reporting;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.cdp.ingestion.ReportingCurrency;
import io.cdp.reporting.compute.ElasticsearchKpis;
import io.cdp.reporting.compute.ReportingSearches;
import io.cdp.segmentation.LifecycleThresholds;

/**
 * The {@link Kpis} bean on the indices of the modules it reads: the profile store's (under
 * {@code cdp.profile.index-prefix}), segmentation's memberships, ingestion's spend, in ingestion's
 * reporting currency and with segmentation's lifecycle thresholds.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReportingProperties.class)
class ReportingConfiguration {

    @Bean
    ReportingSearches reportingSearches(ElasticsearchClient client,
            @Value("${cdp.profile.index-prefix:cdp-}") String profileIndexPrefix,
            @Value("${cdp.segmentation.index-prefix:cdp-}") String membershipIndexPrefix,
            ReportingCurrency currency, ReportingProperties properties) {
        return new ReportingSearches(client, profileIndexPrefix, membershipIndexPrefix, currency.code(),
                properties.pageSize(), Duration.ofDays(properties.ropoWindowDays()),
                Duration.ofDays(properties.attributionWindowDays()));
    }

    @Bean
    Kpis kpis(ReportingSearches searches, LifecycleThresholds thresholds) {
        return new ElasticsearchKpis(searches, thresholds);
    }
}
