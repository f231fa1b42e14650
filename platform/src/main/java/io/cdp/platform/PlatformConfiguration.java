package io.cdp.platform;

import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.cdp.platform.elasticsearch.ElasticsearchClients;
import io.cdp.platform.kafka.KafkaProducers;

/**
 * The two clients every module shares: Elasticsearch at {@code cdp.elasticsearch.url}, and one reliable
 * JSON {@link KafkaTemplate} for the records modules publish to each other and for dead letters.
 */
@Configuration(proxyBeanMethods = false)
public class PlatformConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    ElasticsearchClient elasticsearchClient(@Value("${cdp.elasticsearch.url:http://127.0.0.1:9200}") String url) {
        return ElasticsearchClients.create(url);
    }

    @Bean
    KafkaTemplate<String, Object> platformKafkaTemplate(KafkaProperties kafka) {
        Map<String, Object> config = KafkaProducers.reliable(kafka);
        // a few milliseconds of batching cost nothing between modules and save requests under load
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        return KafkaProducers.json(config);
    }
}
