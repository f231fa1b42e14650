package io.cdp.activation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.cdp.activation.domain.Delivery;
import io.cdp.activation.domain.DeliveryState;
import io.cdp.activation.engine.FrequencyCaps;

/** The frequency cap taken for a whole poll at once agrees with taking it one delivery at a time. */
class FrequencyCapsIT extends ActivationItSupport {

    @RegisterExtension
    static final ActivationKit KIT = new ActivationKit("caps");

    @Autowired
    private FrequencyCaps caps;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        KIT.register(registry, Map.of("cdp.activation.frequency-caps.email", "2"));
    }

    @Test
    void aPollsDeliveriesTakeAtMostTheCapPerPersonInOneGoAndKeepTheSlotsTheyAlreadyHeld() {
        Instant now = Instant.now();
        Delivery resumed = delivery("anna", "a1");
        Delivery second = delivery("anna", "a2");
        Delivery third = delivery("anna", "a3");
        Delivery other = delivery("ben", "b1");
        assertThat(caps.take(resumed, now)).as("a send that took its slot before its instance died").isTrue();

        assertThat(caps.takeAll(List.of(resumed, second, third, other), now)).containsExactly(third.key());

        assertThat(caps.take(second, now)).as("second holds its slot").isTrue();
        assertThat(caps.take(delivery("anna", "a4"), now)).as("anna is at her cap").isFalse();
        assertThat(caps.take(delivery("ben", "b2"), now)).as("ben has one slot left").isTrue();
        assertThat(caps.takeAll(List.of(delivery("ben", "b3")), now)).hasSize(1);
    }

    private static Delivery delivery(String profileId, String entryId) {
        Instant at = Instant.now();
        return new Delivery(Delivery.key(profileId, "act", entryId, "entered"), "act", "dest", profileId, "seg",
                entryId, "entered", DeliveryState.SENDING, "email", at, at.plusSeconds(60), 1, null, false, at, at,
                null);
    }
}
