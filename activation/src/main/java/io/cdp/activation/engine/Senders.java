package io.cdp.activation.engine;

import java.util.Map;

import io.cdp.activation.domain.DestinationKind;
import io.cdp.activation.send.AudienceSender;
import io.cdp.activation.send.TriggeredSender;

/** Which sender speaks each destination kind. */
public record Senders(Map<DestinationKind, TriggeredSender> triggered, Map<DestinationKind, AudienceSender> audiences) {

    public TriggeredSender triggered(DestinationKind kind) {
        TriggeredSender sender = triggered.get(kind);
        if (sender == null) {
            throw new IllegalStateException(kind + " has no triggered sender");
        }
        return sender;
    }

    public AudienceSender audience(DestinationKind kind) {
        AudienceSender sender = audiences.get(kind);
        if (sender == null) {
            throw new IllegalStateException(kind + " has no audience sender");
        }
        return sender;
    }
}
