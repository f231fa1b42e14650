package io.cdp.profile;

import java.time.Clock;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.cdp.platform.EventIngested;
import io.cdp.platform.PlatformConfiguration;
import io.cdp.platform.Topics;
import io.cdp.platform.elasticsearch.Documents;
import io.cdp.platform.kafka.DeadLetterHandler;
import io.cdp.platform.kafka.FailureClassifier;
import io.cdp.platform.kafka.KafkaListeners;
import io.cdp.platform.kafka.KafkaTopics;
import io.cdp.profile.clv.ClvRun;
import io.cdp.profile.clv.ClvRuns;
import io.cdp.profile.domain.ProfileFolding;
import io.cdp.profile.identity.IdentifierExtractor;
import io.cdp.profile.kafka.PermanentEventFailure;
import io.cdp.profile.resolution.BatchResolver;
import io.cdp.profile.resolution.EventBatchProcessor;
import io.cdp.profile.resolution.IdentityResolver;
import io.cdp.profile.store.IndexNames;
import io.cdp.profile.store.IndexTemplates;
import io.cdp.profile.store.ProfileStore;

/**
 * The profile store: its components (scanned from this package down), and the objects built from
 * {@link ProfileStoreProperties}, which the sub-packages cannot see: the store on its indices, identity
 * rules, the batch processor, topics and the consumer of {@code cdp.events}. Import it (or component-scan
 * io.cdp.profile).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProfileStoreProperties.class)
@Import(PlatformConfiguration.class)
@ComponentScan
public class ProfileStoreConfiguration {

    @Bean
    ProfileStore profileStore(ElasticsearchClient client, ProfileStoreProperties properties,
            ObjectProvider<ProductCosts> costs) {
        IndexNames names = new IndexNames(properties.indexPrefix());
        new IndexTemplates(client, names).ensure();
        return new ProfileStore(client, names, costs.getIfAvailable(() -> ProductCosts.NONE));
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
    @ConditionalOnProperty(prefix = "cdp.profile", name = "listener-enabled", matchIfMissing = true)
    EventBatchProcessor eventBatchProcessor(ProfileStore store, IdentityResolver resolver, BatchResolver batch,
            EventBatchProcessor.ChangeSink sink, ProfileStoreProperties properties, Clock clock) {
        return new EventBatchProcessor(store, resolver, batch, sink, clock, properties.resolverThreads());
    }

    @Bean(destroyMethod = "close")
    ClvRuns clvRuns(ProfileStore store, ClvRuns.ChangeSink scoreChanges, ElasticsearchClient client,
            ProfileStoreProperties properties, Clock clock) {
        ProfileStoreProperties.Clv clv = properties.clv();
        return new ClvRuns(store, scoreChanges,
                new Documents<>(client, properties.indexPrefix() + "clv-runs", ClvRun.class, "{\"dynamic\": false}"),
                new ClvRun.Horizon(clv.periods(), clv.periodDays(), clv.discountRate()), clv.pageSize(),
                clock);
    }

    @Bean
    NewTopic profileChangesTopic(ProfileStoreProperties properties) {
        return KafkaTopics.topic(Topics.PROFILE_CHANGES, 6, properties.topicRetention());
    }

    @Bean
    NewTopic profileEventsDeadLetterTopic(ProfileStoreProperties properties) {
        return KafkaTopics.topic(properties.deadLetterTopic(), 1, properties.topicRetention());
    }

    /** For the listener {@code profileEventsContainer}: batches of {@code max-poll-records}, dead letters. */
    @Bean
    @ConditionalOnProperty(prefix = "cdp.profile", name = "listener-enabled", matchIfMissing = true)
    ConcurrentKafkaListenerContainerFactory<String, EventIngested> profileEventsContainerFactory(
            KafkaProperties kafka, ProfileStoreProperties properties,
            KafkaTemplate<String, Object> platformKafkaTemplate, FailureClassifier profileFailureClassifier) {
        return KafkaListeners.containerFactory(kafka,
                KafkaListeners.jsonConsumers(kafka, properties.consumerGroup(), EventIngested.class,
                        Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.maxPollRecords())),
                properties.concurrency(),
                DeadLetterHandler.create(platformKafkaTemplate, properties.deadLetterTopic(), profileFailureClassifier,
                        properties.retryInitial(), properties.retryMax(), PermanentEventFailure.class));
    }
}
