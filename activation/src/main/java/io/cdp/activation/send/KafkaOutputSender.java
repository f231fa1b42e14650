package io.cdp.activation.send;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import io.cdp.activation.domain.Activation;
import io.cdp.activation.domain.Delivery;
import io.cdp.activation.domain.Destination;
import io.cdp.platform.InvalidValueException;
import io.cdp.platform.kafka.KafkaProducers;
import io.cdp.profile.ProfileSnapshot;

/**
 * A JSON record per membership change on the destination's topic, keyed by profile id, waiting for
 * the broker's acknowledgement so that "sent" means stored. Consumers deduplicate by deliveryId.
 */
@Component
final class KafkaOutputSender implements TriggeredSender {

    private final KafkaTemplate<String, String> template;
    private final DestinationGuard guard;

    /** User-configured topics get a producer of their own: plain strings, not the platform's JSON records. */
    KafkaOutputSender(KafkaProperties kafka, DestinationGuard guard) {
        this.template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(KafkaProducers.reliable(kafka),
                new StringSerializer(), new StringSerializer()));
        this.guard = guard;
    }

    @Override
    public void send(Destination destination, Activation activation, Delivery delivery, ProfileSnapshot profile) {
        if (guard.platformTopic(destination.setting("topic"))) {
            throw new InvalidValueException("settings.topic", "notPlatformTopic",
                    "a Kafka destination cannot write to the platform's own topics");
        }
        try {
            template.send(destination.setting("topic"), delivery.profileId(),
                    JsonBodies.write(MembershipMessage.of(activation, delivery, profile))).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new UncheckedIOException(new IOException("kafka output failed", e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
