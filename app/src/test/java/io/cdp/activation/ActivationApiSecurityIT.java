package io.cdp.activation;

import static io.cdp.AppTestSupport.ADMIN_PASSWORD;
import static io.cdp.AppTestSupport.basic;
import static io.cdp.AppTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import io.cdp.AppIntegrationTest;
import io.cdp.activation.domain.Delivery;
import io.cdp.activation.domain.DeliveryState;
import io.cdp.activation.store.ActivationIndices;
import io.cdp.platform.elasticsearch.Documents;
import io.cdp.localstack.TestStack;

/** Activation in the assembled app: roles on destinations, secrets never echoed, public unsubscribe, local SMTP inbox. */
@TestPropertySource(properties = {"cdp.activation.local-smtp.enabled=true", "cdp.activation.local-smtp.port=0",
        "cdp.activation.index-prefix=cdp-t-appact-", "cdp.activation.key-file=target/activation.key",
        "cdp.activation.allowed-networks=127.0.0.1"})
class ActivationApiSecurityIT extends AppIntegrationTest {

    private final String admin = basic("admin", ADMIN_PASSWORD);

    private Documents<Delivery> deliveries;

    @Autowired
    void deliveries(ActivationIndices indices) {
        this.deliveries = indices.deliveries();
    }

    @Test
    void marketersConfigureDestinationsViewersOnlyReadThemAndSecretsNeverComeBack() throws Exception {
        String viewer = user("VIEWER");
        String marketer = user("MARKETER");
        String body = "{\"name\":\"hook\",\"kind\":\"WEBHOOK\",\"settings\":{\"url\":\"http://127.0.0.1:9/x\"},"
                + "\"secrets\":{\"signingKey\":\"top-secret-key\"}}";

        assertThat(call(port, "POST", "/api/destinations", viewer, body).statusCode()).isEqualTo(403);
        var created = call(port, "POST", "/api/destinations", marketer, body);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).doesNotContain("top-secret-key").contains("\"secretsSet\":[\"signingKey\"]");
        var listed = call(port, "GET", "/api/destinations", viewer, null);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).contains("\"name\":\"hook\"").doesNotContain("top-secret-key");
        assertThat(call(port, "GET", "/api/deliveries", null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void viewersSeeWhetherADeliveryFailedButNotWhatTheRemoteEndAnswered() throws Exception {
        String profile = UUID.randomUUID().toString();
        Instant now = Instant.now();
        deliveries.put("k-" + profile, new Delivery("k-" + profile, "a", "d", profile, "s", "e", "entered",
                DeliveryState.DEAD, null, now, null, 1, "permanent DestinationException: webhook answered HTTP 404",
                false, now, now, null));
        deliveries.refresh();

        var asViewer = call(port, "GET", "/api/deliveries?profileId=" + profile, user("VIEWER"), null);
        var asMarketer = call(port, "GET", "/api/deliveries?profileId=" + profile, user("MARKETER"), null);

        assertThat(asViewer.statusCode()).isEqualTo(200);
        assertThat(asViewer.body()).contains("\"reason\":\"permanent failure\"")
                .doesNotContain("webhook answered").doesNotContain("HTTP 404");
        assertThat(asMarketer.body()).contains("webhook answered HTTP 404");
    }

    @Test
    void aMarketerCannotPointADestinationAtThePlatformsOwnElasticsearchOrTheCloudMetadataAddress() throws Exception {
        String marketer = user("MARKETER");
        String elasticsearch = TestStack.get().elasticsearchUrl();

        var toElasticsearch = call(port, "POST", "/api/destinations", marketer, "{\"name\":\"es\",\"kind\":\"WEBHOOK\","
                + "\"settings\":{\"url\":\"" + elasticsearch + "/cdp-profiles/_doc\"},\"secrets\":{\"signingKey\":\"k\"}}");
        var toMetadata = call(port, "POST", "/api/destinations", marketer, "{\"name\":\"md\",\"kind\":\"CRM\","
                + "\"settings\":{\"baseUrl\":\"http://169.254.169.254\"},\"secrets\":{\"accessToken\":\"t\"}}");

        assertThat(toElasticsearch.statusCode()).isEqualTo(400);
        assertThat(toElasticsearch.body()).contains("\"field\":\"settings.url\"").contains("\"rule\":\"allowedAddress\"");
        assertThat(toMetadata.statusCode()).isEqualTo(400);
        assertThat(toMetadata.body()).contains("\"field\":\"settings.baseUrl\"");
    }

    @Test
    void unsubscribeIsPublicAndRejectsForgedTokens() throws Exception {
        var forged = call(port, "POST", "/unsubscribe?token=eHl6.AAAA", null, null);

        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(forged.body()).contains("not valid");
    }

    @Test
    void theLocalSmtpInboxIsForAdmins() throws Exception {
        assertThat(call(port, "GET", "/api/admin/local-smtp/messages", admin, null).statusCode()).isEqualTo(200);
        assertThat(call(port, "GET", "/api/admin/local-smtp/messages", user("MARKETER"), null).statusCode())
                .isEqualTo(403);
    }

    private String user(String role) throws Exception {
        String name = role.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
        var created = call(port, "POST", "/api/admin/users", admin,
                "{\"username\":\"" + name + "\",\"password\":\"a-long-password\",\"role\":\"" + role + "\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        return basic(name, "a-long-password");
    }
}
