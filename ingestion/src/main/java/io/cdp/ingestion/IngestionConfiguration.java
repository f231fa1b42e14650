package io.cdp.ingestion;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import tools.jackson.databind.json.JsonMapper;

import io.cdp.ingestion.csv.CsvImporter;
import io.cdp.ingestion.csv.ImportJobs;
import io.cdp.ingestion.csv.ExchangeRates;
import io.cdp.ingestion.csv.ImportCommand;
import io.cdp.ingestion.csv.OrderClaims;
import io.cdp.ingestion.csv.ProductCostImporter;
import io.cdp.ingestion.csv.ProductCostTable;
import io.cdp.ingestion.csv.SpendImporter;
import io.cdp.ingestion.pipeline.EventNormalizer;
import io.cdp.ingestion.pipeline.EventPublisher;
import io.cdp.ingestion.pipeline.EventTimeBounds;
import io.cdp.ingestion.pipeline.IngestionMetrics;
import io.cdp.ingestion.pipeline.IngestionService;
import io.cdp.ingestion.pipeline.RecentEvents;
import io.cdp.ingestion.pipeline.Limits;
import io.cdp.ingestion.pipeline.OrderCurrencies;
import io.cdp.ingestion.source.SourceStore;
import io.cdp.ingestion.source.WriteKeys;
import io.cdp.platform.PlatformConfiguration;
import io.cdp.platform.Topics;
import io.cdp.platform.kafka.KafkaListeners;
import io.cdp.platform.kafka.KafkaProducers;

/**
 * Assembles the ingestion module from {@code cdp.ingestion.*}: the components of its packages, and
 * here what needs its settings or is a Kafka object. The byte[] producer of the hot path and the
 * input consumer are private to the module (not ProducerFactory / ConsumerFactory beans) so that
 * Boot's defaults stay in place for the other modules.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IngestionProperties.class)
@ComponentScan
@Import(PlatformConfiguration.class)
public class IngestionConfiguration {

    @Bean
    Limits ingestionLimits(IngestionProperties properties) {
        IngestionProperties.Limits limits = properties.limits();
        return new Limits(limits.maxEventBytes(), limits.maxRequestBytes(), limits.maxBatchEvents(),
                limits.maxMessageIdLength());
    }

    @Bean
    EventTimeBounds eventTimeBounds(IngestionProperties properties) {
        return new EventTimeBounds(properties.eventTime().earliest(), properties.eventTime().maxAhead());
    }

    @Bean
    NewTopic ingestionEventsTopic(IngestionProperties properties) {
        return topic(Topics.EVENTS, properties);
    }

    @Bean
    NewTopic ingestionInputTopic(IngestionProperties properties) {
        return topic(Topics.EVENTS_INPUT, properties);
    }

    @Bean
    NewTopic ingestionDeadLetterTopic(IngestionProperties properties) {
        return topic(Topics.EVENTS_DEAD_LETTER, properties);
    }

    /**
     * The platform's reliable producer (acks=all, idempotence: an acknowledged event is on every in-sync
     * replica, exactly once) writing the bytes the pipeline serialised, with the hot path's short timeouts.
     */
    @Bean(destroyMethod = "close")
    EventPublisher eventPublisher(KafkaProperties kafkaProperties, IngestionProperties properties,
                                  JsonMapper jsonMapper) {
        IngestionProperties.Producer producer = properties.producer();
        Map<String, Object> config = KafkaProducers.reliable(kafkaProperties);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) producer.maxBlock().toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) producer.requestTimeout().toMillis());
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) producer.deliveryTimeout().toMillis());
        config.put(ProducerConfig.LINGER_MS_CONFIG, (int) producer.linger().toMillis());
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, producer.batchSize());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
        return new EventPublisher(template, jsonMapper,
                producer.deliveryTimeout().plus(producer.maxBlock()).plusSeconds(1), producer.retryAfter());
    }

    @Bean
    IngestionService ingestionService(EventNormalizer normalizer, EventPublisher publisher, IngestionMetrics metrics,
                                      ExchangeRates exchangeRates, RecentEvents recentEvents) {
        return new IngestionService(normalizer, publisher, metrics,
                new OrderCurrencies(exchangeRates.reportingCurrency(), exchangeRates::toReporting, metrics), recentEvents);
    }

    @Bean
    RecentEvents recentEvents(IngestionProperties properties) {
        return new RecentEvents(properties.debugger().eventsPerSource(), properties.debugger().maxSources());
    }

    @Bean
    SourceStore sourceStore(ElasticsearchClient client, IngestionProperties properties) {
        return new SourceStore(client, properties.sources().lookupTimeout());
    }

    @Bean
    WriteKeys writeKeys(SourceStore store, IngestionProperties properties, Clock clock) {
        IngestionProperties.Sources sources = properties.sources();
        return new WriteKeys(store, sources.cacheTtl(), sources.unknownKeyCacheTtl(), sources.retryAfter(), clock);
    }

    /** Raw Segment-spec JSON as producers wrote it: the listener parses and validates it like an HTTP body. */
    @Bean
    ConcurrentKafkaListenerContainerFactory<String, byte[]> ingestionInputContainerFactory(
            KafkaProperties kafkaProperties, IngestionProperties properties) {
        Map<String, Object> config = new HashMap<>(kafkaProperties.buildConsumerProperties());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, properties.input().groupId());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        // The listener dead-letters refused records itself: only a Kafka outage makes one fail, and
        // skipping it would lose events, so retry until it is back.
        return KafkaListeners.containerFactory(kafkaProperties, new DefaultKafkaConsumerFactory<>(config),
                properties.input().concurrency(),
                new DefaultErrorHandler(new FixedBackOff(1000, FixedBackOff.UNLIMITED_ATTEMPTS)));
    }

    @Bean
    ExchangeRates exchangeRates(ElasticsearchClient client, IngestionProperties properties) {
        IngestionProperties.Money money = properties.money();
        return new ExchangeRates(client, money.reportingCurrency(), money.rateMaxAgeDays(), money.ratesCacheTtl(),
                properties.sources().retryAfter());
    }

    @Bean
    ReportingCurrency reportingCurrency(IngestionProperties properties) {
        return new ReportingCurrency(properties.money().reportingCurrency());
    }

    @Bean
    CsvImporter csvImporter(IngestionService ingestion, SourceStore sources, OrderClaims orderClaims,
                            ExchangeRates exchangeRates, JsonMapper jsonMapper, IngestionProperties properties,
                            ObjectProvider<OrderHistoryWindows> historyWindows, Clock clock) {
        return new CsvImporter(ingestion, sources, orderClaims, exchangeRates, jsonMapper, clock,
                properties.cli().chunkRows(), historyWindows.getIfAvailable(() -> OrderHistoryWindows.NONE));
    }

    @Bean
    SpendImporter spendImporter(ElasticsearchClient client, IngestionProperties properties) {
        return new SpendImporter(client, properties.cli().chunkRows());
    }

    /** The profile store's {@link io.cdp.profile.ProductCosts}: order lines without a cost are costed with it. */
    @Bean
    ProductCostTable productCostTable(ElasticsearchClient client, ExchangeRates exchangeRates,
                                      IngestionProperties properties) {
        return new ProductCostTable(client, exchangeRates, properties.money().costsCacheTtl());
    }

    @Bean
    ProductCostImporter productCostImporter(ElasticsearchClient client, ProductCostTable table,
                                            ExchangeRates exchangeRates, IngestionProperties properties) {
        return new ProductCostImporter(client, table, exchangeRates, properties.cli().chunkRows());
    }

    @Bean
    ImportJobs importJobs(CsvImporter importer, SpendImporter spendImporter, ProductCostImporter costImporter,
                          SourceStore sources, IngestionProperties properties, Clock clock) {
        return new ImportJobs(importer, spendImporter, costImporter, sources, clock,
                properties.imports().maxRunning(), properties.imports().kept());
    }

    /** On a terminal (stdin and stdout both, as {@code System.console()} tells) the progress is redrawn in place. */
    @Bean
    ImportCommand importCommand(CsvImporter importer, SpendImporter spendImporter, ProductCostImporter costImporter,
                                SourceStore sources, ApplicationContext context, IngestionProperties properties) {
        return new ImportCommand(importer, spendImporter, costImporter, sources, context,
                properties.cli().defaultSource(), properties.cli().exitWhenDone(), System.out,
                System.console() != null);
    }

    private static NewTopic topic(String name, IngestionProperties properties) {
        return new NewTopic(name, properties.topics().partitions(), properties.topics().replicationFactor())
                .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(properties.topics().retention().toMillis())));
    }
}
