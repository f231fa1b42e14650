package io.cdp.activation.engine;

import java.util.Map;

import org.springframework.stereotype.Component;

import io.cdp.activation.domain.DestinationKind;
import io.cdp.activation.send.AudienceSender;
import io.cdp.activation.send.CrmSender;
import io.cdp.activation.send.EmailSender;
import io.cdp.activation.send.GoogleCustomerMatchSender;
import io.cdp.activation.send.KafkaOutputSender;
import io.cdp.activation.send.MetaAudienceSender;
import io.cdp.activation.send.TriggeredSender;
import io.cdp.activation.send.WebhookSender;

/** Which sender speaks each destination kind. */
@Component
final class Senders {

    private final Map<DestinationKind, TriggeredSender> triggered;
    private final Map<DestinationKind, AudienceSender> audiences;

    Senders(EmailSender email, WebhookSender webhook, KafkaOutputSender kafka, CrmSender crm,
            MetaAudienceSender meta, GoogleCustomerMatchSender google) {
        this.triggered = Map.of(DestinationKind.EMAIL, email, DestinationKind.WEBHOOK, webhook,
                DestinationKind.KAFKA, kafka, DestinationKind.CRM, crm);
        this.audiences = Map.of(DestinationKind.META, meta, DestinationKind.GOOGLE_ADS, google,
                DestinationKind.CRM, crm);
    }

    TriggeredSender triggered(DestinationKind kind) {
        TriggeredSender sender = triggered.get(kind);
        if (sender == null) {
            throw new IllegalStateException(kind + " has no triggered sender");
        }
        return sender;
    }

    AudienceSender audience(DestinationKind kind) {
        AudienceSender sender = audiences.get(kind);
        if (sender == null) {
            throw new IllegalStateException(kind + " has no audience sender");
        }
        return sender;
    }
}
