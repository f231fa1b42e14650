package io.cdp.profile;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import co.elastic.clients.elasticsearch.ElasticsearchClient;

/** The shared Elasticsearch client, pointed at {@code cdp.elasticsearch.url}. */
@Configuration(proxyBeanMethods = false)
public class ElasticsearchConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    ElasticsearchClient elasticsearchClient(@Value("${cdp.elasticsearch.url:http://127.0.0.1:9200}") String url) {
        return ElasticsearchClients.create(url);
    }
}
