package io.cdp.activation.send;

import java.util.Map;

import org.springframework.stereotype.Component;

import io.cdp.activation.domain.DestinationKind;

/** Which sender speaks each destination kind. */
@Component
public final class Senders {

    private final Map<DestinationKind, TriggeredSender> triggered;
    private final Map<DestinationKind, AudienceSender> audiences;

    Senders(EmailSender email, WebhookSender webhook, KafkaOutputSender kafka, CrmSender crm,
            MetaAudienceSender meta, GoogleCustomerMatchSender google) {
        this.triggered = Map.of(DestinationKind.EMAIL, email, DestinationKind.WEBHOOK, webhook,
                DestinationKind.KAFKA, kafka, DestinationKind.CRM, crm);
        this.audiences = Map.of(DestinationKind.META, meta, DestinationKind.GOOGLE_ADS, google,
                DestinationKind.CRM, crm);
    }

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
