package io.cdp.activation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.util.backoff.ExponentialBackOff;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.cdp.activation.domain.Delivery;
import io.cdp.activation.domain.DestinationKind;
import io.cdp.activation.domain.Hashing;
import io.cdp.activation.domain.SendWindow;
import io.cdp.activation.engine.AudienceSync;
import io.cdp.activation.engine.Catalog;
import io.cdp.activation.engine.ConsentPublisher;
import io.cdp.activation.engine.ConversionProcessor;
import io.cdp.activation.engine.Measurement;
import io.cdp.activation.engine.CsvExport;
import io.cdp.activation.engine.DispatchLoop;
import io.cdp.activation.engine.Erasure;
import io.cdp.activation.engine.Dispatcher;
import io.cdp.activation.engine.FrequencyCaps;
import io.cdp.activation.engine.FullSyncs;
import io.cdp.activation.engine.MembershipProcessor;
import io.cdp.activation.engine.Periodic;
import io.cdp.activation.engine.Senders;
import io.cdp.activation.send.Backoff;
import io.cdp.activation.send.CircuitBreakers;
import io.cdp.activation.send.CrmSender;
import io.cdp.activation.send.DestinationGuard;
import io.cdp.activation.send.EmailSender;
import io.cdp.activation.send.FailureClassifier;
import io.cdp.activation.send.GoogleCustomerMatchSender;
import io.cdp.activation.send.HttpTransport;
import io.cdp.activation.send.KafkaOutputSender;
import io.cdp.activation.send.MetaAudienceSender;
import io.cdp.activation.send.TemplateRenderer;
import io.cdp.activation.send.UnsubscribeTokens;
import io.cdp.activation.send.WebhookSender;
import io.cdp.activation.store.ActivationIndices;
import io.cdp.activation.store.DestinationStore;
import io.cdp.platform.elasticsearch.Documents;
import io.cdp.activation.store.Entry;
import io.cdp.activation.store.SecretBox;
import io.cdp.activation.store.SyncDeadLetter;
import io.cdp.activation.store.SyncStatus;
import io.cdp.platform.EventIngested;
import io.cdp.profile.ProfileErased;
import io.cdp.profile.ProfileEvent;
import io.cdp.profile.Profiles;
import io.cdp.segmentation.MembershipEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Assembles activation: its indices, the membership consumer that stores work, the dispatcher
 * that sends it, audience syncs, the senders per destination kind and the consent path back into
 * the event pipeline.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ActivationProperties.class)
class ActivationConfiguration {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    @Bean
    ActivationIndices activationIndices(ElasticsearchClient client, ActivationProperties properties) {
        return ActivationIndices.create(client, properties.indexPrefix());
    }

    @Bean
    Documents<Delivery> activationDeliveries(ActivationIndices indices) {
        return indices.deliveries();
    }

    @Bean
    Documents<Entry> activationEntries(ActivationIndices indices) {
        return indices.entries();
    }

    @Bean
    Documents<SyncDeadLetter> activationSyncDeadLetters(ActivationIndices indices) {
        return indices.syncDeadLetters();
    }

    @Bean
    Documents<SyncStatus> activationSyncs(ActivationIndices indices) {
        return indices.syncs();
    }

    @Bean
    ActivationKeys activationKeys(ActivationProperties properties) {
        return ActivationKeys.load(properties.secretsKey(), Path.of(properties.keyFile()));
    }

    @Bean
    DestinationStore destinationStore(ActivationIndices indices, ActivationKeys keys) {
        return new DestinationStore(indices.destinations(), new SecretBox(keys.sealing()));
    }

    @Bean
    Catalog activationCatalog(ActivationIndices indices, DestinationStore destinations) {
        return new Catalog(indices.activations(), destinations);
    }

    @Bean
    FailureClassifier deliveryFailureClassifier() {
        return new FailureClassifier();
    }

    @Bean
    CircuitBreakers destinationCircuitBreakers(ActivationProperties properties, FailureClassifier classifier,
            ObjectProvider<Clock> clock) {
        return new CircuitBreakers(properties.circuit().failureThreshold(), properties.circuit().openFor(),
                clock(clock), classifier);
    }

    @Bean
    UnsubscribeTokens unsubscribeTokens(ActivationKeys keys) {
        return new UnsubscribeTokens(keys.unsubscribe());
    }

    /**
     * The platform's own Elasticsearch and Kafka are never a destination; the local mail catcher
     * (./cdp start) is one although it listens on loopback, at the port it actually got.
     */
    @Bean
    DestinationGuard destinationGuard(ActivationProperties properties, KafkaProperties kafka,
            @Value("${cdp.elasticsearch.url:http://127.0.0.1:9200}") String elasticsearchUrl,
            ObjectProvider<GreenMail> localSmtp) {
        List<InetSocketAddress> platform = new ArrayList<>();
        for (String url : elasticsearchUrl.split(",")) {
            URI uri = URI.create(url.trim());
            platform.add(InetSocketAddress.createUnresolved(uri.getHost(),
                    uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80));
        }
        for (String server : kafka.getBootstrapServers()) {
            int colon = server.lastIndexOf(':');
            platform.add(InetSocketAddress.createUnresolved(server.substring(0, colon).replaceAll("[\\[\\]]", ""),
                    Integer.parseInt(server.substring(colon + 1))));
        }
        return new DestinationGuard(properties.allowedNetworks(), platform,
                // "localhost" may resolve to ::1 as well: the name is refused unless every address is allowed
                () -> localSmtp.stream().flatMap(smtp -> Stream.of("127.0.0.1", "::1")
                        .map(host -> InetSocketAddress.createUnresolved(host, smtp.getSmtp().getPort()))).toList(),
                Set.of(properties.eventsTopic(), properties.membershipsTopic(), properties.profileChangesTopic()),
                InetAddress::getAllByName);
    }

    @Bean
    Senders activationSenders(ActivationProperties properties, UnsubscribeTokens tokens, KafkaProperties kafka,
            DestinationGuard guard, ObjectProvider<Clock> clock) {
        HttpTransport http = new HttpTransport(Duration.ofSeconds(30), guard);
        CrmSender crm = new CrmSender(http, properties.limits().crmInputs());
        return new Senders(
                Map.of(DestinationKind.EMAIL, new EmailSender(new TemplateRenderer(), tokens, properties.publicBaseUrl(),
                                guard),
                        DestinationKind.WEBHOOK, new WebhookSender(http, clock(clock)),
                        DestinationKind.KAFKA, new KafkaOutputSender(new KafkaTemplate<>(
                                new DefaultKafkaProducerFactory<>(reliableProducer(kafka), new StringSerializer(),
                                        new StringSerializer())), guard),
                        DestinationKind.CRM, crm),
                Map.of(DestinationKind.META, new MetaAudienceSender(http, properties.limits().metaRows()),
                        DestinationKind.GOOGLE_ADS, new GoogleCustomerMatchSender(http,
                                properties.limits().googleIdentifiers()),
                        DestinationKind.CRM, crm));
    }

    @Bean
    AudienceSync audienceSync(ActivationProperties properties, Catalog catalog, Profiles profiles, Senders senders,
            CircuitBreakers breakers, FailureClassifier classifier, ActivationIndices indices,
            ObjectProvider<Clock> clock, ObjectProvider<MeterRegistry> meters) {
        return new AudienceSync(catalog, profiles, senders, breakers, classifier, backoff(properties),
                properties.retry().inlineAttempts(), indices.entries(), indices.syncDeadLetters(),
                properties.defaultPhoneRegion(), clock(clock), meters(meters));
    }

    @Bean
    CsvExport activationCsvExport(ActivationProperties properties, ActivationIndices indices, Profiles profiles) {
        return new CsvExport(indices.entries(), profiles, "email", properties.defaultPhoneRegion(),
                properties.limits().syncPage());
    }

    @Bean
    FullSyncs activationFullSyncs(ActivationProperties properties, AudienceSync audienceSync, Catalog catalog,
            ActivationIndices indices, FailureClassifier classifier, ObjectProvider<Clock> clock) {
        return new FullSyncs(audienceSync, catalog, indices.entries(), indices.syncs(), classifier,
                properties.limits().syncPage(), properties.fullSync().lease(), clock(clock));
    }

    @Bean
    ConsentPublisher consentPublisher(ActivationProperties properties, KafkaProperties kafka, Profiles profiles,
            ObjectProvider<Clock> clock) {
        JacksonJsonSerializer<EventIngested> json = new JacksonJsonSerializer<>(JSON);
        json.setAddTypeInfo(false);
        return new ConsentPublisher(new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(reliableProducer(kafka),
                new StringSerializer(), json)), properties.eventsTopic(), profiles, clock(clock));
    }

    @Bean
    @ConditionalOnProperty(prefix = "cdp.activation", name = "listeners-enabled", matchIfMissing = true)
    DispatchLoop activationDispatchLoop(ActivationProperties properties, ActivationIndices indices, Catalog catalog,
            Profiles profiles, Senders senders, CircuitBreakers breakers, FailureClassifier classifier,
            ObjectProvider<Clock> clock, ObjectProvider<MeterRegistry> meters, KafkaProperties kafka) {
        ActivationProperties.QuietHours quiet = properties.quietHours();
        SendWindow outsideQuietHours = quiet == null || quiet.start() == null || quiet.end() == null ? null
                : SendWindow.outsideQuietHours(quiet.start(), quiet.end(), quiet.zone());
        Dispatcher dispatcher = new Dispatcher(indices.deliveries(), catalog, profiles, senders,
                new FrequencyCaps(indices.capLedgers(), properties.frequencyCaps(), properties.frequencyWindow()),
                breakers, classifier, backoff(properties), new Dispatcher.Settings(properties.dispatch().batchSize(),
                        properties.dispatch().concurrency(), properties.dispatch().lease(), properties.retry().maxAttempts(),
                        properties.onPermanentFailure() == ActivationProperties.FailureBehaviour.DEAD_LETTER,
                        outsideQuietHours),
                clock(clock), meters(meters));
        // the same switch as the Kafka listeners: a JVM that consumes nothing sends nothing either
        return new DispatchLoop(dispatcher, properties.dispatch().interval(), kafka.getListener().isAutoStartup());
    }

    @Bean
    @ConditionalOnProperty(prefix = "cdp.activation", name = "listeners-enabled", matchIfMissing = true)
    ConcurrentMessageListenerContainer<String, MembershipEvent> membershipContainer(KafkaProperties kafka,
            ActivationProperties properties, Catalog catalog, ActivationIndices indices, AudienceSync audienceSync,
            Erasure erasure, ObjectProvider<Clock> clock) {
        MembershipProcessor processor = new MembershipProcessor(catalog, indices.entries(), indices.deliveries(),
                audienceSync, erasure, clock(clock));
        ContainerProperties containerProperties = new ContainerProperties(properties.membershipsTopic());
        containerProperties.setAckMode(ContainerProperties.AckMode.BATCH);
        containerProperties.setMessageListener((BatchMessageListener<String, MembershipEvent>) records ->
                // unreadable records arrive without a value: nothing to act on
                processor.process(records.stream().map(r -> r.value()).filter(Objects::nonNull).toList()));
        ConcurrentMessageListenerContainer<String, MembershipEvent> container = new ConcurrentMessageListenerContainer<>(
                consumers(kafka, properties.consumerGroup(), MembershipEvent.class), containerProperties);
        container.setBeanName("activationMembershipContainer");
        container.setAutoStartup(kafka.getListener().isAutoStartup());
        container.setCommonErrorHandler(retryForever(properties));
        return container;
    }

    @Bean
    Measurement activationMeasurement(ActivationIndices indices, Profiles profiles, ObjectProvider<Clock> clock) {
        return new Measurement(indices.entries(), indices.conversions(), indices.deliveries(), indices.clv(), profiles,
                clock(clock));
    }

    @Bean
    @ConditionalOnProperty(prefix = "cdp.activation", name = "listeners-enabled", matchIfMissing = true)
    ConcurrentMessageListenerContainer<String, EventIngested> conversionContainer(KafkaProperties kafka,
            ActivationProperties properties, ActivationIndices indices, Profiles profiles, ObjectProvider<Clock> clock,
            ObjectProvider<MeterRegistry> meters) {
        ConversionProcessor processor = new ConversionProcessor(profiles, indices.entries(), indices.conversions(),
                properties.conversion().events(), properties.conversion().attributionWindow(),
                properties.conversion().unresolvedFor(), clock(clock), meters(meters));
        ContainerProperties containerProperties = new ContainerProperties(properties.eventsTopic());
        containerProperties.setAckMode(ContainerProperties.AckMode.BATCH);
        containerProperties.setMessageListener((BatchMessageListener<String, EventIngested>) records ->
                processor.process(records.stream().map(r -> r.value()).filter(Objects::nonNull).toList()));
        ConcurrentMessageListenerContainer<String, EventIngested> container = new ConcurrentMessageListenerContainer<>(
                consumers(kafka, properties.conversionGroup(), EventIngested.class), containerProperties);
        container.setBeanName("activationConversionContainer");
        container.setAutoStartup(kafka.getListener().isAutoStartup());
        container.setCommonErrorHandler(retryForever(properties));
        return container;
    }

    @Bean
    Erasure activationErasure(ActivationProperties properties, ActivationIndices indices,
            ObjectProvider<GreenMail> localSmtp, ObjectProvider<Clock> clock) {
        return new Erasure(indices, properties.frequencyCaps().keySet(), localSmtp.getIfAvailable(), clock(clock));
    }

    /** Deletes what activation holds about people the profile store erased (ProfileErased on its changes topic). */
    @Bean
    @ConditionalOnProperty(prefix = "cdp.activation", name = "listeners-enabled", matchIfMissing = true)
    ConcurrentMessageListenerContainer<String, ProfileEvent> erasureContainer(KafkaProperties kafka,
            ActivationProperties properties, Erasure erasure) {
        ContainerProperties containerProperties = new ContainerProperties(properties.profileChangesTopic());
        containerProperties.setAckMode(ContainerProperties.AckMode.BATCH);
        containerProperties.setMessageListener((BatchMessageListener<String, ProfileEvent>) records ->
                erasure.erase(records.stream().map(r -> r.value()).filter(ProfileErased.class::isInstance)
                        .flatMap(e -> Erasure.erasedIds((ProfileErased) e).stream()).distinct().toList()));
        ConcurrentMessageListenerContainer<String, ProfileEvent> container = new ConcurrentMessageListenerContainer<>(
                consumers(kafka, properties.erasureGroup(), ProfileEvent.class), containerProperties);
        container.setBeanName("activationErasureContainer");
        container.setAutoStartup(kafka.getListener().isAutoStartup());
        container.setCommonErrorHandler(retryForever(properties));
        return container;
    }

    @Bean
    @ConditionalOnProperty(prefix = "cdp.activation", name = "listeners-enabled", matchIfMissing = true)
    Periodic activationClvSchedule(ActivationProperties properties, Measurement measurement, KafkaProperties kafka) {
        return new Periodic("clv", properties.clvSnapshotInterval(),
                () -> measurement.segmentsWithMembers().forEach(measurement::snapshotClv),
                kafka.getListener().isAutoStartup());
    }

    @Bean
    @ConditionalOnProperty(prefix = "cdp.activation", name = "listeners-enabled", matchIfMissing = true)
    Periodic activationFullSyncResume(ActivationProperties properties, FullSyncs fullSyncs, KafkaProperties kafka) {
        return new Periodic("full-sync-resume", properties.fullSync().lease(), fullSyncs::resumeStale,
                kafka.getListener().isAutoStartup());
    }

    /** A mail catcher for ./cdp start: SMTP on 127.0.0.1, any recipient accepted, nothing delivered further. */
    @Bean(initMethod = "start", destroyMethod = "stop")
    @ConditionalOnProperty(prefix = "cdp.activation.local-smtp", name = "enabled")
    GreenMail localSmtp(ActivationProperties properties) {
        return new GreenMail(new ServerSetup(properties.localSmtp().port(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
    }

    static <T> DefaultKafkaConsumerFactory<String, T> consumers(KafkaProperties kafka, String group, Class<T> type) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        return new DefaultKafkaConsumerFactory<>(config, new ErrorHandlingDeserializer<>(new StringDeserializer()),
                new ErrorHandlingDeserializer<>(new JacksonJsonDeserializer<>(type, JSON, false)));
    }

    /** Work is idempotent and permanent failures are dead-lettered inside: what escapes is transient. */
    static DefaultErrorHandler retryForever(ActivationProperties properties) {
        ExponentialBackOff backOff = new ExponentialBackOff(properties.retry().initial().toMillis(), 2.0);
        backOff.setMaxInterval(Math.min(properties.retry().max().toMillis(), 60_000));
        return new DefaultErrorHandler(backOff);
    }

    private static Map<String, Object> reliableProducer(KafkaProperties kafka) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return config;
    }

    private static Backoff backoff(ActivationProperties properties) {
        return new Backoff(properties.retry().initial(), properties.retry().max());
    }

    private static Clock clock(ObjectProvider<Clock> clock) {
        return clock.getIfAvailable(Clock::systemUTC);
    }

    private static MeterRegistry meters(ObjectProvider<MeterRegistry> meters) {
        return meters.getIfAvailable(SimpleMeterRegistry::new);
    }

    /** The key sealing destination secrets, and one derived from it for unsubscribe links. */
    record ActivationKeys(byte[] sealing, byte[] unsubscribe) {

        static ActivationKeys load(String configured, Path keyFile) {
            byte[] key = configured == null || configured.isBlank() ? fromFile(keyFile)
                    : Base64.getDecoder().decode(configured.trim());
            return new ActivationKeys(key, Hashing.hmacSha256(key, "unsubscribe-links"));
        }

        private static byte[] fromFile(Path file) {
            try {
                if (!Files.exists(file)) {
                    byte[] key = new byte[32];
                    new SecureRandom().nextBytes(key);
                    Files.createDirectories(file.toAbsolutePath().getParent());
                    Files.writeString(file, Base64.getEncoder().encodeToString(key));
                    try {
                        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                    } catch (UnsupportedOperationException notPosix) {
                        // best effort on file systems without POSIX permissions
                    }
                }
                return Base64.getDecoder().decode(Files.readString(file).trim());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read or create the activation key file " + file, e);
            }
        }
    }

}
