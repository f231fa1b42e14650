package io.cdp.activation.send;

import io.cdp.activation.domain.Activation;
import io.cdp.activation.domain.Delivery;
import io.cdp.activation.domain.Destination;
import io.cdp.profile.ProfileSnapshot;

/** Sends one message for one membership change. Throws on failure; the caller classifies it. */
public interface TriggeredSender {

    void send(Destination destination, Activation activation, Delivery delivery, ProfileSnapshot profile);
}
