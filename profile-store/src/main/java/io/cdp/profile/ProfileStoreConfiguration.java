package io.cdp.profile;

import io.cdp.platform.PlatformConfiguration;

import io.cdp.platform.EventIngested;

import io.cdp.platform.Topics;

import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
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
import org.springframework.util.backoff.ExponentialBackOff;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.cdp.profile.domain.ProfileFolding;
import io.cdp.profile.identity.IdentifierExtractor;
import io.cdp.profile.kafka.FailureClassifier;
import io.cdp.profile.kafka.KafkaChangeSink;
import io.cdp.profile.kafka.KafkaErasureSink;
import io.cdp.profile.kafka.PermanentEventFailure;
import io.cdp.profile.kafka.ProfileEventsListener;
import io.cdp.profile.resolution.BatchResolver;
import io.cdp.profile.resolution.EventBatchProcessor;
import io.cdp.profile.resolution.IdentityResolver;
import io.cdp.profile.store.IndexNames;
import io.cdp.profile.store.IndexTemplates;
import io.cdp.profile.store.ProfileStore;
import io.cdp.profile.store.StoredProfiles;
import io.cdp.profile.store.TimelineCounts;
import io.cdp.profile.web.ProfileController;
import io.cdp.profile.web.ProfileQueries;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Assembles the profile store: indices, identity resolution on {@code cdp.events}, change
 * publishing, dead letters and the profile API. Import it (or component-scan io.cdp.profile).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProfileStoreProperties.class)
@Import({PlatformConfiguration.class, ProfileController.class})
public class ProfileStoreConfiguration {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    @Bean
    ProfileStore profileStore(ElasticsearchClient client, ProfileStoreProperties properties) {
        IndexNames names = new IndexNames(properties.indexPrefix());
        new IndexTemplates(client, names).ensure();
        return new ProfileStore(client, names);
    }

    @Bean
    IdentifierExtractor identifierExtractor(ProfileStoreProperties properties) {
        return new IdentifierExtractor(properties.blockedValues(), properties.defaultPhoneRegion());
    }

    @Bean
    ProfileFolding profileFolding(ProfileStoreProperties properties) {
        return new ProfileFolding(properties.recentEvents(), properties.rollupDays());
    }

    @Bean
    IdentityResolver identityResolver(ProfileStore store, IdentifierExtractor extractor, ProfileFolding folding) {
        return new IdentityResolver(store, extractor, folding, Clock.systemUTC());
    }

    @Bean
    StoredProfiles profiles(ProfileStore store, IdentifierExtractor extractor) {
        return new StoredProfiles(store, extractor);
    }

    @Bean
    EventCounts eventCounts(ProfileStore store) {
        return new TimelineCounts(store);
    }

    @Bean
    ProfileQueries profileQueries(ProfileStore store, IdentifierExtractor extractor,
            KafkaTemplate<String, Object> profileStoreKafkaTemplate) {
        return new ProfileQueries(store, extractor, new KafkaErasureSink(profileStoreKafkaTemplate, Clock.systemUTC()));
    }

    @Bean
    NewTopic profileChangesTopic(ProfileStoreProperties properties) {
        return TopicBuilder.name(Topics.PROFILE_CHANGES).partitions(6).replicas(1).configs(retention(properties))
                .build();
    }

    @Bean
    NewTopic profileEventsDeadLetterTopic(ProfileStoreProperties properties) {
        return TopicBuilder.name(properties.deadLetterTopic()).partitions(1).replicas(1).configs(retention(properties))
                .build();
    }

    private static Map<String, String> retention(ProfileStoreProperties properties) {
        return Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(properties.topicRetention().toMillis()));
    }

    @Bean
    KafkaTemplate<String, Object> profileStoreKafkaTemplate(KafkaProperties kafka) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        JacksonJsonSerializer<Object> json = new JacksonJsonSerializer<>(JSON);
        json.setAddTypeInfo(false);
        Map<Class<?>, org.apache.kafka.common.serialization.Serializer<?>> byType = new LinkedHashMap<>();
        // Dead letters of unreadable records carry the original bytes.
        byType.put(byte[].class, new ByteArraySerializer());
        byType.put(Object.class, json);
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config, new StringSerializer(),
                new DelegatingByTypeSerializer(byType, true)));
    }

    @Bean
    FailureClassifier profileFailureClassifier() {
        return new FailureClassifier();
    }

    @Bean
    @ConditionalOnProperty(prefix = "cdp.profile", name = "listener-enabled", matchIfMissing = true)
    ConcurrentMessageListenerContainer<String, EventIngested> profileEventsContainer(KafkaProperties kafka,
            ProfileStoreProperties properties, ProfileStore store, IdentityResolver resolver, ProfileFolding folding,
            KafkaTemplate<String, Object> profileStoreKafkaTemplate, FailureClassifier classifier,
            ObjectProvider<MeterRegistry> meterRegistry) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, properties.consumerGroup());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.maxPollRecords());
        DefaultKafkaConsumerFactory<String, EventIngested> consumers = new DefaultKafkaConsumerFactory<>(config,
                new ErrorHandlingDeserializer<>(new StringDeserializer()),
                new ErrorHandlingDeserializer<>(new JacksonJsonDeserializer<>(EventIngested.class, JSON, false)));

        ContainerProperties containerProperties = new ContainerProperties(properties.eventsTopic());
        containerProperties.setAckMode(ContainerProperties.AckMode.BATCH);
        KafkaChangeSink sink = new KafkaChangeSink(profileStoreKafkaTemplate,
                meterRegistry.getIfAvailable(SimpleMeterRegistry::new), Clock.systemUTC());
        containerProperties.setMessageListener(new ProfileEventsListener(
                new EventBatchProcessor(store, resolver, new BatchResolver(store, folding, Clock.systemUTC()), sink,
                        Clock.systemUTC(), properties.resolverThreads()), classifier));

        ConcurrentMessageListenerContainer<String, EventIngested> container =
                new ConcurrentMessageListenerContainer<>(consumers, containerProperties);
        container.setConcurrency(properties.concurrency());
        container.setBeanName("profileEventsContainer");
        container.setAutoStartup(kafka.getListener().isAutoStartup());
        container.setCommonErrorHandler(errorHandler(properties, profileStoreKafkaTemplate, classifier));
        return container;
    }

    private static DefaultErrorHandler errorHandler(ProfileStoreProperties properties,
            KafkaTemplate<String, Object> template, FailureClassifier classifier) {
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template,
                (record, failure) -> new TopicPartition(properties.deadLetterTopic(), -1));
        // The exception message and stack trace may quote the payload: only class names and our reason go out.
        recoverer.excludeHeader(DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd.EX_MSG,
                DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd.EX_STACKTRACE);
        recoverer.addHeadersFunction((record, failure) -> {
            org.apache.kafka.common.header.internals.RecordHeaders headers =
                    new org.apache.kafka.common.header.internals.RecordHeaders();
            headers.add("cdp-failure-reason", classifier.reason(failure)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return headers;
        });
        ExponentialBackOff backOff = new ExponentialBackOff(properties.retryInitial().toMillis(), 2.0);
        backOff.setMaxInterval(properties.retryMax().toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(PermanentEventFailure.class);
        return handler;
    }
}
