package io.cdp.activation.send;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import lombok.RequiredArgsConstructor;

import org.springframework.stereotype.Component;

import io.cdp.activation.ActivationProperties;
import io.cdp.activation.domain.AudienceHashes;
import io.cdp.activation.domain.AudienceMember;
import io.cdp.activation.domain.Destination;
import io.cdp.activation.send.wire.MetaUsersRequest;

/**
 * Meta Custom Audiences: {@code POST} (add) and {@code DELETE} (remove) {@code {baseUrl}/{audienceId}/users}
 * with SHA-256 hex of the email (trimmed, lowercased) and of the phone (country code, digits, no '+').
 */
@Component
@RequiredArgsConstructor
final class MetaAudienceSender implements AudienceSender {

    static final List<String> SCHEMA = List.of("EMAIL_SHA256", "PHONE_SHA256");

    private final HttpTransport http;
    private final ActivationProperties properties;

    @Override
    public void apply(Destination destination, String segmentId, List<AudienceMember> adds,
            List<AudienceMember> removes) {
        String url = destination.setting("baseUrl") + "/" + destination.setting("audienceId") + "/users";
        Map<String, String> auth = Map.of("Authorization", "Bearer " + destination.secret("accessToken"));
        int maxRows = properties.limits().metaRows();
        for (List<AudienceMember> chunk : Chunks.of(addressable(adds), maxRows)) {
            http.send("POST", url, auth, JsonBodies.write(request(chunk)), "meta add users");
        }
        for (List<AudienceMember> chunk : Chunks.of(addressable(removes), maxRows)) {
            http.send("DELETE", url, auth, JsonBodies.write(request(chunk)), "meta remove users");
        }
    }

    static MetaUsersRequest request(List<AudienceMember> members) {
        List<List<String>> rows = new ArrayList<>(members.size());
        for (AudienceMember m : members) {
            rows.add(List.of(m.email() == null ? "" : AudienceHashes.email(m.email()),
                    m.phone() == null ? "" : AudienceHashes.metaPhone(m.phone())));
        }
        return new MetaUsersRequest(new MetaUsersRequest.Payload(SCHEMA, rows));
    }

    private static List<AudienceMember> addressable(List<AudienceMember> members) {
        return members.stream().filter(AudienceMember::addressable).toList();
    }
}
