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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.cdp.activation.domain.Hashing;
import io.cdp.activation.send.Backoff;
import io.cdp.activation.send.DestinationGuard;
import io.cdp.activation.send.UnsubscribeTokens;
import io.cdp.activation.store.ActivationIndices;
import io.cdp.activation.store.Conversion;
import io.cdp.activation.store.SecretBox;
import io.cdp.platform.EventIngested;
import io.cdp.platform.PlatformConfiguration;
import io.cdp.platform.kafka.KafkaListeners;
import io.cdp.profile.ProfileErased;
import io.cdp.profile.ProfileEvent;
import io.cdp.segmentation.MembershipEvent;

/**
 * What activation's components cannot declare themselves: its indices, its keys, the retry backoff, the
 * destination guard (which needs the platform's own addresses), the container factories of its listeners
 * and the local mail catcher. Everything else is a component of the module's packages.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ActivationProperties.class)
@Import(PlatformConfiguration.class)
class ActivationConfiguration {

    private static final Map<String, Object> POLL = Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);

    @Bean
    ActivationIndices activationIndices(ElasticsearchClient client, ActivationProperties properties) {
        return ActivationIndices.create(client, properties.indexPrefix());
    }

    @Bean
    ActivationKeys activationKeys(ActivationProperties properties) {
        return ActivationKeys.load(properties.secretsKey(), Path.of(properties.keyFile()));
    }

    @Bean
    SecretBox destinationSecrets(ActivationKeys keys) {
        return new SecretBox(keys.sealing());
    }

    @Bean
    UnsubscribeTokens unsubscribeTokens(ActivationKeys keys) {
        return new UnsubscribeTokens(keys.unsubscribe());
    }

    /** How the dispatcher and audience syncs space their retries of a destination. */
    @Bean
    Backoff retryBackoff(ActivationProperties properties) {
        return new Backoff(properties.retry().initial(), properties.retry().max());
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
    ConcurrentKafkaListenerContainerFactory<String, MembershipEvent> activationMembershipListenerFactory(
            KafkaProperties kafka, ActivationProperties properties) {
        return listenerFactory(kafka, properties, KafkaListeners.jsonConsumers(kafka, properties.consumerGroup(),
                MembershipEvent.class, POLL));
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, EventIngested> activationConversionListenerFactory(
            KafkaProperties kafka, ActivationProperties properties) {
        // most events are no conversion: those not naming a conversion event or a refund are not parsed
        List<String> markers = new ArrayList<>(properties.conversion().events());
        markers.add(Conversion.REFUND);
        return listenerFactory(kafka, properties, KafkaListeners.jsonConsumers(kafka, properties.conversionGroup(),
                EventIngested.class, POLL, markers));
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, ProfileEvent> activationErasureListenerFactory(
            KafkaProperties kafka, ActivationProperties properties) {
        // erasures are rare among profile changes: the others are not parsed
        return listenerFactory(kafka, properties, KafkaListeners.jsonConsumers(kafka, properties.erasureGroup(),
                ProfileEvent.class, POLL, List.of(ProfileErased.class.getSimpleName())));
    }

    /** A mail catcher for ./cdp start: SMTP on 127.0.0.1, any recipient accepted, nothing delivered further. */
    @Bean(initMethod = "start", destroyMethod = "stop")
    @ConditionalOnProperty(prefix = "cdp.activation.local-smtp", name = "enabled")
    GreenMail localSmtp(ActivationProperties properties) {
        return new GreenMail(new ServerSetup(properties.localSmtp().port(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
    }

    /**
     * Work is idempotent and permanent failures are dead-lettered inside (dead deliveries, sync dead
     * letters): what escapes a listener is transient, so it is retried until it succeeds, never dropped.
     */
    private static <T> ConcurrentKafkaListenerContainerFactory<String, T> listenerFactory(KafkaProperties kafka,
            ActivationProperties properties, ConsumerFactory<String, T> consumers) {
        ExponentialBackOff backOff = new ExponentialBackOff(properties.retry().initial().toMillis(), 2.0);
        backOff.setMaxInterval(Math.min(properties.retry().max().toMillis(), 60_000));
        return KafkaListeners.containerFactory(kafka, consumers, 1, new DefaultErrorHandler(backOff));
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
