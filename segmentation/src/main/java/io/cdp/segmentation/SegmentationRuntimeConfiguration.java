package io.cdp.segmentation;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.util.backoff.ExponentialBackOff;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.cdp.profile.EventCounts;
import io.cdp.profile.ProfileEvent;
import io.cdp.profile.Profiles;
import io.cdp.segmentation.catalog.DefinitionCatalog;
import io.cdp.segmentation.membership.FilteredEventCounts;
import io.cdp.segmentation.membership.MembershipPublisher;
import io.cdp.segmentation.membership.MembershipUpdater;
import io.cdp.segmentation.preview.SizeEstimator;
import io.cdp.segmentation.realtime.FailureClassifier;
import io.cdp.segmentation.realtime.ProfileChangesListener;
import io.cdp.segmentation.run.SegmentationRuns;
import io.cdp.segmentation.run.SegmentationSchedule;
import io.cdp.segmentation.store.DefinitionStore;
import io.cdp.segmentation.store.MembershipStore;
import io.cdp.segmentation.store.RunStore;
import io.cdp.segmentation.store.SegmentationIndices;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Assembles segmentation on the profile store: definitions (versioned in Elasticsearch, reloaded
 * by every instance), real-time evaluation on profile changes, scheduled runs, the API's services.
 * The evaluator itself comes from {@link SegmentationConfiguration}, which needs no infrastructure.
 */
@Configuration(proxyBeanMethods = false)
@Import(SegmentationConfiguration.class)
@EnableScheduling
class SegmentationRuntimeConfiguration {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    @Bean
    SegmentationIndices segmentationIndices(SegmentationProperties properties, ElasticsearchClient client) {
        SegmentationIndices indices = new SegmentationIndices(properties.indexPrefix());
        indices.ensure(client);
        return indices;
    }

    @Bean
    MembershipStore membershipStore(ElasticsearchClient client, SegmentationIndices indices) {
        return new MembershipStore(client, indices);
    }

    @Bean
    KafkaTemplate<String, Object> segmentationKafkaTemplate(KafkaProperties kafka) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        JacksonJsonSerializer<Object> json = new JacksonJsonSerializer<>(JSON);
        json.setAddTypeInfo(false);
        Map<Class<?>, Serializer<?>> byType = new LinkedHashMap<>();
        // dead letters of unreadable records carry the original bytes
        byType.put(byte[].class, new ByteArraySerializer());
        byType.put(Object.class, json);
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config, new StringSerializer(),
                new DelegatingByTypeSerializer(byType, true)));
    }

    @Bean
    NewTopic membershipsTopic(SegmentationProperties properties) {
        return TopicBuilder.name(properties.membershipsTopic()).partitions(6).replicas(1).configs(retention(properties))
                .build();
    }

    @Bean
    NewTopic segmentationDeadLetterTopic(SegmentationProperties properties) {
        return TopicBuilder.name(properties.failure().deadLetterTopic()).partitions(1).replicas(1)
                .configs(retention(properties)).build();
    }

    private static Map<String, String> retention(SegmentationProperties properties) {
        return Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(properties.topicRetention().toMillis()));
    }

    @Bean
    FilteredEventCounts filteredEventCounts(EventCounts eventCounts, SegmentationProperties properties,
            ObjectProvider<Clock> clock) {
        return new FilteredEventCounts(eventCounts, clock(clock), properties.zone());
    }

    @Bean
    MembershipUpdater membershipUpdater(Profiles profiles, Evaluator evaluator, FilteredEventCounts eventCounts,
            MembershipStore store, KafkaTemplate<String, Object> segmentationKafkaTemplate,
            SegmentationProperties properties, ObjectProvider<Clock> clock) {
        return new MembershipUpdater(profiles, evaluator, eventCounts, store,
                new MembershipPublisher(segmentationKafkaTemplate, properties.membershipsTopic()), clock(clock));
    }

    @Bean
    SegmentationRuns segmentationRuns(Profiles profiles, MembershipUpdater updater, ElasticsearchClient client,
            SegmentationIndices indices, SegmentationProperties properties, ObjectProvider<Clock> clock) {
        return new SegmentationRuns(profiles, updater, new RunStore(client, indices),
                properties.schedule().pageSize(), properties.schedule().pagesInFlight(),
                properties.schedule().leaseTimeout(), clock(clock));
    }

    @Bean
    DefinitionCatalog definitionCatalog(ElasticsearchClient client, SegmentationIndices indices, Evaluator evaluator,
            SegmentationProperties properties, SegmentationRuns runs, ObjectProvider<Clock> clock) {
        DefinitionCatalog catalog = new DefinitionCatalog(new DefinitionStore(client, indices), evaluator,
                Definitions.defaults(properties.lifecycle().thresholds()), clock(clock),
                () -> runs.start(SegmentationRuns.DEFINITION_CHANGE));
        catalog.reload();
        return catalog;
    }

    /** Timers run where the listeners run: not in a JVM started with the listeners off (the import command). */
    @Bean
    @ConditionalOnBooleanProperty(name = "spring.kafka.listener.auto-startup", matchIfMissing = true)
    SegmentationSchedule segmentationSchedule(DefinitionCatalog catalog, SegmentationRuns runs) {
        return new SegmentationSchedule(catalog, runs);
    }

    @Bean
    SizeEstimator segmentSizeEstimator(Profiles profiles, Evaluator evaluator, FilteredEventCounts eventCounts,
            SegmentationProperties properties, ObjectProvider<Clock> clock) {
        return new SizeEstimator(profiles, evaluator, eventCounts, clock(clock), properties.zone(),
                properties.previewSampleSize());
    }

    @Bean
    FailureClassifier segmentationFailureClassifier() {
        return new FailureClassifier();
    }

    @Bean
    @ConditionalOnProperty(prefix = "cdp.segmentation", name = "listener-enabled", matchIfMissing = true)
    ConcurrentMessageListenerContainer<String, ProfileEvent> profileChangesContainer(KafkaProperties kafka,
            SegmentationProperties properties, Profiles profiles, MembershipUpdater updater,
            KafkaTemplate<String, Object> segmentationKafkaTemplate, FailureClassifier classifier) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, properties.consumerGroup());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.maxPollRecords());
        config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, properties.fetchMinBytes());
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) properties.fetchMaxWait().toMillis());
        DefaultKafkaConsumerFactory<String, ProfileEvent> consumers = new DefaultKafkaConsumerFactory<>(config,
                new ErrorHandlingDeserializer<>(new StringDeserializer()),
                new ErrorHandlingDeserializer<>(new JacksonJsonDeserializer<>(ProfileEvent.class, JSON, false)));
        ContainerProperties containerProperties = new ContainerProperties(properties.changesTopic());
        containerProperties.setAckMode(ContainerProperties.AckMode.BATCH);
        containerProperties.setMessageListener(new ProfileChangesListener(profiles, updater, classifier));
        ConcurrentMessageListenerContainer<String, ProfileEvent> container =
                new ConcurrentMessageListenerContainer<>(consumers, containerProperties);
        container.setConcurrency(properties.concurrency());
        container.setBeanName("profileChangesContainer");
        container.setAutoStartup(kafka.getListener().isAutoStartup());
        container.setCommonErrorHandler(errorHandler(properties.failure(), segmentationKafkaTemplate, classifier));
        return container;
    }

    private static DefaultErrorHandler errorHandler(SegmentationProperties.Failure failure,
            KafkaTemplate<String, Object> template, FailureClassifier classifier) {
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template,
                (record, e) -> new TopicPartition(failure.deadLetterTopic(), -1));
        // exception messages and stack traces may quote the payload: only our reason goes out
        recoverer.excludeHeader(DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd.EX_MSG,
                DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd.EX_STACKTRACE);
        recoverer.addHeadersFunction((record, e) -> {
            // the listener's own failure, not the container's wrappers around it
            Throwable own = e;
            while (own instanceof KafkaException && own.getCause() != null) {
                own = own.getCause();
            }
            RecordHeaders headers = new RecordHeaders();
            headers.add("cdp-failure-reason", classifier.reason(own).getBytes(StandardCharsets.UTF_8));
            return headers;
        });
        ExponentialBackOff backOff = new ExponentialBackOff(failure.retryInitial().toMillis(), 2.0);
        backOff.setMaxInterval(failure.retryMax().toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(ProfileChangesListener.PermanentChangeFailure.class);
        return handler;
    }

    private static Clock clock(ObjectProvider<Clock> clock) {
        return clock.getIfAvailable(Clock::systemUTC);
    }
}
