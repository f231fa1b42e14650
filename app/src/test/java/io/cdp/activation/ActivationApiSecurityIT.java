package io.cdp.activation;

import static io.cdp.AppTestSupport.ADMIN_PASSWORD;
import static io.cdp.AppTestSupport.basic;
import static io.cdp.AppTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import io.cdp.AppIntegrationTest;

/** Activation in the assembled app: roles on destinations, secrets never echoed, public unsubscribe, local SMTP inbox. */
@TestPropertySource(properties = {"cdp.activation.local-smtp.enabled=true", "cdp.activation.local-smtp.port=0",
        "cdp.activation.index-prefix=cdp-t-appact-", "cdp.activation.key-file=target/activation.key"})
class ActivationApiSecurityIT extends AppIntegrationTest {

    private final String admin = basic("admin", ADMIN_PASSWORD);

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
