package io.cdp.activation;

import static io.cdp.activation.ActivationKit.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;

import io.cdp.activation.domain.Delivery;
import io.cdp.profile.ProfileSnapshot;
import jakarta.mail.internet.MimeMessage;
import tools.jackson.databind.JsonNode;

/**
 * Segment entry → personalised email through a real SMTP server (GreenMail), with consent, the
 * idempotency key, one-click unsubscribe back through the event pipeline, delays and frequency caps.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmailActivationIT extends ActivationItSupport {

    @RegisterExtension
    static final ActivationKit KIT = new ActivationKit("email");
    private static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        KIT.register(registry, Map.of("cdp.activation.frequency-caps.email", "2"));
    }

    @BeforeAll
    static void startSmtp() {
        SMTP.start();
    }

    @AfterAll
    static void stopSmtp() {
        SMTP.stop();
    }

    @Test
    void sendsOnePersonalisedEmailPerEntryToConsentedMembersAndHonoursOneClickUnsubscribe(CapturedOutput output)
            throws Exception {
        ProfileSnapshot alice = profile("u-alice", Map.of("email", "Alice@Example.com", "firstName", "Alice"), true);
        KIT.publish(ActivationKit.order("u-alice", "order-1", new BigDecimal("59.90"), List.of(
                Map.of("product_id", "p1", "name", "Trail Shoes", "price", 49.9, "quantity", 1),
                Map.of("product_id", "p2", "name", "Socks", "price", 10, "quantity", 1))));
        await(Duration.ofMinutes(1), () -> profiles.find(alice.id()).orElseThrow().commerce().orders() == 1,
                "the order on the profile");
        ProfileSnapshot bob = profile("u-bob", Map.of("email", "bob@example.com", "firstName", "Bob"), false);
        String destination = emailDestination();
        String activation = KIT.create(port, "/api/activations", Map.of("name", "welcome", "segmentId", "welcome",
                "destinationId", destination, "mode", "TRIGGER", "template", Map.of(
                        "subject", "Hi {{firstName|there}}",
                        "body", "Hello {{firstName}}, you bought {{lastProducts}}.\nUnsubscribe: {{unsubscribeUrl}}")));

        KIT.publish(ActivationKit.entered(alice.id(), "welcome", "entry-a1"));
        KIT.publish(ActivationKit.entered(bob.id(), "welcome", "entry-b1"));
        KIT.publish(ActivationKit.entered(alice.id(), "welcome", "entry-a1")); // a replay

        awaitFinal(activation, 2);
        List<JsonNode> log = deliveries("activationId=" + activation);
        assertThat(log).extracting(d -> d.path("profileId").asString() + ":" + d.path("state").asString()
                + ":" + d.path("reason").asString(""))
                .containsExactlyInAnyOrder(alice.id() + ":SENT:", bob.id() + ":SKIPPED:no consent for email");
        MimeMessage[] received = SMTP.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage mail = received[0];
        String key = Delivery.key(alice.id().value(), activation, "entry-a1", "entered");
        assertThat(mail.getMessageID()).isEqualTo("<" + key + "@cdp.activation>");
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("alice@example.com");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("shop@example.com");
        assertThat(mail.getSubject()).isEqualTo("Hi Alice");
        String unsubscribe = mail.getHeader("List-Unsubscribe")[0];
        assertThat(unsubscribe).matches("<http://cdp\\.test/unsubscribe\\?token=[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+>");
        assertThat(mail.getHeader("List-Unsubscribe-Post")[0]).isEqualTo("List-Unsubscribe=One-Click");
        String url = unsubscribe.substring(1, unsubscribe.length() - 1);
        assertThat(GreenMailUtil.getBody(mail).replace("\r\n", "\n"))
                .isEqualTo("Hello Alice, you bought Trail Shoes, Socks.\nUnsubscribe: " + url);

        URI link = URI.create(url);
        HttpResponse<String> tampered = KIT.call(port, "POST", link.getPath() + "?" + link.getQuery() + "x",
                "List-Unsubscribe=One-Click");
        assertThat(tampered.statusCode()).isEqualTo(400);
        HttpResponse<String> oneClick = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(URI.create("http://127.0.0.1:" + port + link.getPath() + "?" + link.getQuery()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(oneClick.statusCode()).isEqualTo(200);
        await(Duration.ofMinutes(1), () -> !profiles.find(alice.id()).orElseThrow().consentedTo("email"),
                "the consent change to reach the profile through cdp.events");

        KIT.publish(ActivationKit.entered(alice.id(), "welcome", "entry-a2"));
        awaitFinal(activation, 3);
        assertThat(deliveries("activationId=" + activation + "&profileId=" + alice.id()))
                .extracting(d -> d.path("entryId").asString() + ":" + d.path("state").asString())
                .containsExactlyInAnyOrder("entry-a1:SENT", "entry-a2:SKIPPED");
        assertThat(SMTP.getReceivedMessages()).hasSize(1);
        // the test's mail server logs the mailboxes it creates; the platform must log no address or product
        assertThat(output.getAll().lines().filter(line -> !line.contains("greenmail")))
                .noneMatch(line -> line.toLowerCase().contains("alice@example.com") || line.contains("Trail Shoes"));
    }

    @Test
    void aDelayedSendIsStoredUntilDueAndTheFrequencyCapStopsTheThirdMail() throws Exception {
        ProfileSnapshot carol = profile("u-carol", Map.of("email", "carol@example.com", "firstName", "Carol"), true);
        String destination = emailDestination();
        String activation = KIT.create(port, "/api/activations", Map.of("name", "later", "segmentId", "later",
                "destinationId", destination, "mode", "TRIGGER", "delay", "PT3S",
                "template", Map.of("subject", "Later", "body", "Hi {{firstName}}")));
        Instant before = Instant.now();

        for (String entry : List.of("c1", "c2", "c3")) {
            KIT.publish(ActivationKit.entered(carol.id(), "later", entry));
        }

        await(Duration.ofMinutes(1), () -> deliveries("activationId=" + activation).size() == 3, "reservations");
        awaitFinal(activation, 3);
        List<JsonNode> log = deliveries("activationId=" + activation);
        assertThat(log).allSatisfy(d -> {
            Instant due = Instant.parse(d.path("dueAt").asString());
            assertThat(due).isAfterOrEqualTo(before.plusSeconds(3));
            if (d.path("state").asString().equals("SENT")) {
                assertThat(Instant.parse(d.path("sentAt").asString())).isAfterOrEqualTo(due);
            }
        });
        assertThat(log).extracting(d -> d.path("state").asString()).containsExactlyInAnyOrder("SENT", "SENT", "SKIPPED");
        assertThat(log).extracting(d -> d.path("reason").asString(""))
                .contains("frequency cap of email");
    }

    @Test
    void destinationSecretsAreNeverReturnedAndInvalidInputNamesFieldAndRule() {
        String id = emailDestination();

        HttpResponse<String> read = KIT.call(port, "GET", "/api/destinations/" + id, null);
        assertThat(read.body()).doesNotContain("s3cret").contains("\"secretsSet\":[\"password\"]");
        HttpResponse<String> invalid = KIT.call(port, "POST", "/api/destinations",
                Map.of("name", "x", "kind", "WEBHOOK", "settings", Map.of("url", "ftp://x"),
                        "secrets", Map.of("signingKey", "k")));
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.headers().firstValue("Content-Type")).contains("application/problem+json");
        JsonNode problem = ActivationKit.JSON.readTree(invalid.body());
        assertThat(problem.path("field").asString()).isEqualTo("settings.url");
        assertThat(problem.path("rule").asString()).isEqualTo("httpUrl");
    }

    private ProfileSnapshot profile(String userId, Map<String, Object> traits, boolean emailConsent) {
        return KIT.profile(profiles, userId, traits, Map.of("email", emailConsent));
    }

    private String emailDestination() {
        return KIT.create(port, "/api/destinations", Map.of("name", "smtp", "kind", "EMAIL",
                "settings", Map.of("host", "127.0.0.1", "port", String.valueOf(SMTP.getSmtp().getPort()),
                        "from", "shop@example.com"),
                "secrets", Map.of("password", "s3cret")));
    }

    private List<JsonNode> deliveries(String query) {
        return KIT.deliveries(port, query);
    }

    private void awaitFinal(String activation, int count) {
        await(Duration.ofMinutes(1), () -> {
            List<JsonNode> log = deliveries("activationId=" + activation);
            return log.size() == count && log.stream().map(d -> d.path("state").asString())
                    .allMatch(s -> s.equals("SENT") || s.equals("SKIPPED") || s.equals("DEAD"));
        }, count + " deliveries of " + activation + " to finish");
    }

}
