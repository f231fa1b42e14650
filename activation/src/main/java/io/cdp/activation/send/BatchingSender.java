package io.cdp.activation.send;

import java.util.List;
import java.util.Map;

import io.cdp.activation.domain.Activation;
import io.cdp.activation.domain.Delivery;
import io.cdp.activation.domain.Destination;
import io.cdp.profile.ProfileSnapshot;

/**
 * A sender that can send many messages to one destination over one connection, each succeeding
 * or failing on its own, with the same failure {@link TriggeredSender#send} would have thrown.
 */
public interface BatchingSender extends TriggeredSender {

    /** One message of a batch. */
    record Message(Activation activation, Delivery delivery, ProfileSnapshot profile) {
    }

    /** Sends every message; the failures by delivery key (the others were accepted). Never throws. */
    Map<String, RuntimeException> sendAll(Destination destination, List<Message> messages);
}
