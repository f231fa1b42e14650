package io.cdp.ingestion.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import io.cdp.ingestion.pipeline.Limits;

@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    /** Ahead of every other filter (security included): none of them may parse the body first. */
    @Bean
    FilterRegistrationBean<RawBodyFilter> segmentRawBodyFilter(Limits limits) {
        FilterRegistrationBean<RawBodyFilter> registration = new FilterRegistrationBean<>(new RawBodyFilter(limits));
        registration.addUrlPatterns("/v1/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }
}
