package io.cdp.activation.send;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import lombok.RequiredArgsConstructor;

import org.springframework.stereotype.Component;

import io.cdp.activation.ActivationProperties;
import io.cdp.activation.domain.AudienceMember;
import io.cdp.activation.domain.Destination;
import io.cdp.activation.send.wire.GoogleJobRequests;
import io.cdp.activation.send.wire.WireMapper;
import tools.jackson.databind.JsonNode;

/**
 * Google Ads Customer Match through an offline user data job: create the job, add create/remove
 * operations (at most {@code limits.google-identifiers} user identifiers per request), run it. Emails are
 * hashed lowercased, phones in E.164 with the '+'.
 */
@Component
@RequiredArgsConstructor
final class GoogleCustomerMatchSender implements AudienceSender {

    private final HttpTransport http;
    private final ActivationProperties properties;

    @Override
    public void apply(Destination destination, String segmentId, List<AudienceMember> adds,
            List<AudienceMember> removes) {
        List<GoogleJobRequests.Operation> operations = new ArrayList<>();
        adds.stream().filter(AudienceMember::addressable)
                .forEach(m -> operations.add(new GoogleJobRequests.Operation(userData(m), null)));
        removes.stream().filter(AudienceMember::addressable)
                .forEach(m -> operations.add(new GoogleJobRequests.Operation(null, userData(m))));
        if (operations.isEmpty()) {
            return;
        }
        String base = destination.setting("baseUrl");
        String customer = destination.setting("customerId");
        Map<String, String> headers = Map.of("Authorization", "Bearer " + destination.secret("accessToken"),
                "developer-token", destination.secret("developerToken"));
        GoogleJobRequests.Create create = new GoogleJobRequests.Create(new GoogleJobRequests.Job(
                "CUSTOMER_MATCH_USER_LIST", new GoogleJobRequests.CustomerMatchUserListMetadata(
                        "customers/" + customer + "/userLists/" + destination.setting("userListId"))));
        JsonNode created = JsonBodies.JSON.readTree(http.send("POST",
                base + "/customers/" + customer + "/offlineUserDataJobs:create", headers,
                JsonBodies.write(create), "google create job"));
        String job = created.path("resourceName").asString();
        for (List<GoogleJobRequests.Operation> chunk : Chunks.weighted(operations,
                properties.limits().googleIdentifiers(), GoogleCustomerMatchSender::identifiers)) {
            http.send("POST", base + "/" + job + ":addOperations", headers,
                    JsonBodies.write(new GoogleJobRequests.AddOperations(true, chunk)), "google add operations");
        }
        http.send("POST", base + "/" + job + ":run", headers, "{}", "google run job");
    }

    private static GoogleJobRequests.UserData userData(AudienceMember member) {
        List<GoogleJobRequests.UserIdentifier> ids = new ArrayList<>(2);
        if (member.email() != null) {
            ids.add(WireMapper.INSTANCE.googleEmail(member));
        }
        if (member.phone() != null) {
            ids.add(WireMapper.INSTANCE.googlePhone(member));
        }
        return new GoogleJobRequests.UserData(ids);
    }

    private static int identifiers(GoogleJobRequests.Operation operation) {
        return (operation.create() != null ? operation.create() : operation.remove()).userIdentifiers().size();
    }
}
