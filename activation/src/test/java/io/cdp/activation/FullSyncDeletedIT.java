package io.cdp.activation;

import static io.cdp.activation.ActivationKit.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.cdp.profile.ProfileSnapshot;
import tools.jackson.databind.JsonNode;

/**
 * Deleting an audience sync while its full sync runs: the console promises that nothing more goes out. The
 * ad platform (a real local HTTP server) holds the first page until the activation is deleted; the sync then
 * stops before its next page instead of sending the rest of the audience for an activation that is gone.
 */
class FullSyncDeletedIT extends ActivationItSupport {

    @RegisterExtension
    static final ActivationKit KIT = new ActivationKit("syncdel");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        KIT.register(registry, Map.of("cdp.activation.limits.sync-page", "1"));
    }

    @Test
    void aFullSyncWhoseActivationIsDeletedStopsBeforeItsNextPage() {
        try (RecordingHttpServer meta = new RecordingHttpServer()) {
            for (String name : new String[] {"d-ana", "d-ben", "d-cy"}) {
                ProfileSnapshot person = KIT.profile(profiles, name, Map.of("email", name + "@example.com"),
                        Map.of("ads", true));
                KIT.publish(ActivationKit.entered(person.id(), "gone", "gone-" + name));
            }
            KIT.awaitEntries("gone", 3);
            String destination = KIT.create(port, "/api/destinations", Map.of("name", "meta", "kind", "META",
                    "settings", Map.of("baseUrl", meta.baseUrl(), "audienceId", "aud-gone"),
                    "secrets", Map.of("accessToken", "meta-token")));
            meta.holdAfter(0);

            String activation = KIT.create(port, "/api/activations", Map.of("name", "deleted sync", "segmentId",
                    "gone", "destinationId", destination, "mode", "AUDIENCE_SYNC"));
            await(Duration.ofMinutes(1), () -> meta.waiting() == 1, "the first page at the ad platform");
            assertThat(KIT.call(port, "DELETE", "/api/activations/" + activation, null).statusCode()).isEqualTo(204);
            meta.release();

            await(Duration.ofMinutes(1), () -> "FAILED".equals(sync(activation).path("state").asString()),
                    "the sync to stop");
            JsonNode status = sync(activation);
            assertThat(status.path("reason").asString()).isEqualTo("activation deleted");
            assertThat(status.path("pages").asLong()).isEqualTo(1);
            assertThat(status.path("scanned").asLong()).isEqualTo(1);
            assertThat(status.path("total").asLong()).isEqualTo(3);
            assertThat(meta.requests()).hasSize(1);
        }
    }

    private JsonNode sync(String activation) {
        // the sync's status outlives its activation
        var response = KIT.call(port, "GET", "/api/activations/" + activation + "/sync", null);
        return response.statusCode() == 200 ? ActivationKit.JSON.readTree(response.body()) : ActivationKit.JSON.createObjectNode();
    }
}
