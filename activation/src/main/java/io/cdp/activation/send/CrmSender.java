package io.cdp.activation.send;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import lombok.RequiredArgsConstructor;

import org.springframework.stereotype.Component;

import io.cdp.activation.ActivationProperties;
import io.cdp.activation.domain.Activation;
import io.cdp.activation.domain.AudienceMember;
import io.cdp.activation.domain.Delivery;
import io.cdp.activation.domain.Destination;
import io.cdp.activation.send.wire.CrmUpsertRequest;
import io.cdp.activation.send.wire.WireMapper;
import io.cdp.profile.ProfileSnapshot;

/**
 * CRM contacts upserted by email in HubSpot's batch shape; membership is a boolean property per
 * segment ({@code cdp_segment_<id>}), so an exit is an upsert with false.
 */
@Component
@RequiredArgsConstructor
final class CrmSender implements AudienceSender, TriggeredSender {

    private final HttpTransport http;
    private final ActivationProperties properties;

    @Override
    public void apply(Destination destination, String segmentId, List<AudienceMember> adds,
            List<AudienceMember> removes) {
        String property = segmentProperty(segmentId);
        List<CrmUpsertRequest.Input> inputs = new ArrayList<>();
        adds.stream().filter(m -> m.email() != null)
                .forEach(m -> inputs.add(WireMapper.INSTANCE.crmContact(m, property, true)));
        removes.stream().filter(m -> m.email() != null)
                .forEach(m -> inputs.add(WireMapper.INSTANCE.crmContact(m, property, false)));
        for (List<CrmUpsertRequest.Input> chunk : Chunks.of(inputs, properties.limits().crmInputs())) {
            http.send("POST", destination.setting("baseUrl") + "/crm/v3/objects/contacts/batch/upsert",
                    Map.of("Authorization", "Bearer " + destination.secret("accessToken")),
                    JsonBodies.write(new CrmUpsertRequest(chunk)), "crm upsert contacts");
        }
    }

    @Override
    public boolean needsTraits() {
        return true;
    }

    @Override
    public void send(Destination destination, Activation activation, Delivery delivery, ProfileSnapshot profile) {
        AudienceMember member = AudienceMembers.of(profile, null);
        boolean entered = "entered".equals(delivery.change());
        apply(destination, delivery.segmentId(), entered ? List.of(member) : List.of(),
                entered ? List.of() : List.of(member));
    }

    static String segmentProperty(String segmentId) {
        return "cdp_segment_" + segmentId.replaceAll("[^A-Za-z0-9_]", "_").toLowerCase();
    }
}
