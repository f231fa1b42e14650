package io.cdp.activation;

import static io.cdp.activation.ActivationKit.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;

import io.cdp.activation.domain.Delivery;
import io.cdp.activation.domain.Destination;
import io.cdp.activation.domain.DestinationKind;
import io.cdp.activation.store.DestinationStore;
import io.cdp.localstack.TestStack;
import io.cdp.profile.ProfileSnapshot;
import tools.jackson.databind.JsonNode;

/**
 * Destinations cannot be pointed at the platform's insides (issue 5, findings 1 and 2): without an
 * allow-list, loopback, link-local and private addresses, the platform's own Elasticsearch and its
 * topics are refused when saved and again when sent to; secrets stay with where they were set.
 */
class DestinationSafetyIT extends ActivationItSupport {

    private static final ActivationKit KIT = new ActivationKit("safety");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        KIT.registerWithoutAllowList(registry);
    }

    @AfterAll
    static void cleanUp() {
        KIT.cleanUp();
    }

    @Autowired
    private DestinationStore destinations;

    @Test
    void destinationsAddressingLoopbackMetadataPrivateNetworksOrThePlatformsOwnStoresAreRefusedWhenSaved() {
        String elasticsearch = TestStack.get().elasticsearchUrl();

        assertRefused(Map.of("name", "es", "kind", "WEBHOOK", "settings", Map.of("url", elasticsearch + "/leak/_doc"),
                "secrets", Map.of("signingKey", "k")), "settings.url", "allowedAddress");
        assertRefused(Map.of("name", "metadata", "kind", "WEBHOOK",
                "settings", Map.of("url", "http://169.254.169.254/latest/meta-data/"),
                "secrets", Map.of("signingKey", "k")), "settings.url", "allowedAddress");
        assertRefused(Map.of("name", "actuator", "kind", "CRM", "settings", Map.of("baseUrl", "http://[::1]:8080/actuator"),
                "secrets", Map.of("accessToken", "t")), "settings.baseUrl", "allowedAddress");
        assertRefused(Map.of("name", "meta", "kind", "META", "settings", Map.of("baseUrl", "http://10.0.0.1/v21.0",
                "audienceId", "a"), "secrets", Map.of("accessToken", "t")), "settings.baseUrl", "allowedAddress");
        assertRefused(Map.of("name", "smtp", "kind", "EMAIL", "settings", Map.of("host", "127.0.0.1", "port", "25",
                "from", "shop@example.com")), "settings.host", "allowedAddress");
        assertRefused(Map.of("name", "events", "kind", "KAFKA", "settings", Map.of("topic", "cdp.events")),
                "settings.topic", "notPlatformTopic");
        assertThat(KIT.call(port, "GET", "/api/destinations", null).body()).doesNotContain("169.254.169.254")
                .doesNotContain("/leak/_doc").doesNotContain("\"cdp.events\"");
    }

    @Test
    void destinationsSavedBeforeTheRuleAreRefusedWhenSentToAndTheReceiversGetNothing() throws Exception {
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        smtp.start();
        try (RecordingHttpServer receiver = new RecordingHttpServer()) {
            ProfileSnapshot ann = KIT.profile(profiles, "s-ann", Map.of("plan", "gold", "email", "ann@example.com"),
                    Map.of("email", true));
            String leakIndex = KIT.prefix + "leak";
            // as if saved while an allow-list covered them, or before the rule existed
            String loopback = stored(DestinationKind.WEBHOOK, Map.of("url", receiver.baseUrl() + "/hook"),
                    Map.of("signingKey", "k"));
            String ownElasticsearch = stored(DestinationKind.WEBHOOK,
                    Map.of("url", TestStack.get().elasticsearchUrl() + "/" + leakIndex + "/_doc"),
                    Map.of("signingKey", "k"));
            String ownTopic = stored(DestinationKind.KAFKA, Map.of("topic", KIT.eventsTopic), Map.of());
            String loopbackSmtp = stored(DestinationKind.EMAIL, Map.of("host", "127.0.0.1",
                    "port", String.valueOf(smtp.getSmtp().getPort()), "from", "shop@example.com"), Map.of());
            Map<String, String> keys = Map.of(
                    trigger(loopbackSmtp, "to-loopback-smtp"), "permanent RefusedAddressException: a loopback address",
                    trigger(loopback, "to-loopback"), "permanent RefusedAddressException: a loopback address",
                    trigger(ownElasticsearch, "to-elasticsearch"),
                    "permanent RefusedAddressException: the platform's own Elasticsearch or Kafka",
                    trigger(ownTopic, "to-topic"),
                    "permanent InvalidValueException: a Kafka destination cannot write to the platform's own topics");
            String[] activations = keys.keySet().toArray(String[]::new);

            KIT.publish(ActivationKit.entered(ann.id(), "safety", "s1"));

            for (String activation : activations) {
                String key = Delivery.key(ann.id().value(), activation, "s1", "entered");
                await(Duration.ofMinutes(1), () -> KIT.delivery(port, key).path("state").asString("").equals("DEAD"),
                        "the refused delivery to die");
                JsonNode delivery = KIT.delivery(port, key);
                assertThat(delivery.path("reason").asString()).isEqualTo(keys.get(activation));
            }
            assertThat(receiver.requests()).isEmpty();
            assertThat(smtp.getReceivedMessages()).isEmpty();
            assertThat(KIT.elasticsearch.indices().exists(e -> e.index(leakIndex)).value()).isFalse();
        } finally {
            smtp.stop();
        }
    }

    @Test
    void changingWhereADestinationSendsDropsItsSecretsUnlessTheRequestSuppliesThemAgain() {
        String crm = KIT.create(port, "/api/destinations", Map.of("name", "crm", "kind", "CRM",
                "settings", Map.of("baseUrl", "https://93.184.216.34/crm"), "secrets", Map.of("accessToken", "admin-token")));

        HttpResponse<String> renamed = KIT.call(port, "PUT", "/api/destinations/" + crm, Map.of("name", "crm (eu)",
                "kind", "CRM", "settings", Map.of("baseUrl", "https://93.184.216.34/crm")));
        assertThat(renamed.statusCode()).isEqualTo(200);
        assertThat(renamed.body()).contains("\"secretsSet\":[\"accessToken\"]");

        HttpResponse<String> moved = KIT.call(port, "PUT", "/api/destinations/" + crm, Map.of("name", "crm",
                "kind", "CRM", "settings", Map.of("baseUrl", "https://93.184.216.35/listener")));
        assertThat(moved.statusCode()).isEqualTo(400);
        assertThat(KIT.JSON.readTree(moved.body()).path("field").asString()).isEqualTo("secrets.accessToken");
        assertThat(KIT.JSON.readTree(moved.body()).path("rule").asString()).isEqualTo("required");
        assertThat(destinations.find(crm).orElseThrow().setting("baseUrl")).isEqualTo("https://93.184.216.34/crm");

        HttpResponse<String> movedWithToken = KIT.call(port, "PUT", "/api/destinations/" + crm, Map.of("name", "crm",
                "kind", "CRM", "settings", Map.of("baseUrl", "https://93.184.216.35/listener"),
                "secrets", Map.of("accessToken", "its-own-token")));
        assertThat(movedWithToken.statusCode()).isEqualTo(200);
        assertThat(destinations.find(crm).orElseThrow().secret("accessToken")).isEqualTo("its-own-token");

        String smtp = KIT.create(port, "/api/destinations", Map.of("name", "smtp", "kind", "EMAIL",
                "settings", Map.of("host", "93.184.216.34", "port", "587", "from", "shop@example.com", "username", "shop"),
                "secrets", Map.of("password", "smtp-password")));
        HttpResponse<String> otherHost = KIT.call(port, "PUT", "/api/destinations/" + smtp, Map.of("name", "smtp",
                "kind", "EMAIL", "settings", Map.of("host", "93.184.216.35", "port", "587", "from", "shop@example.com",
                        "username", "shop")));
        assertThat(otherHost.statusCode()).isEqualTo(200);
        assertThat(otherHost.body()).contains("\"secretsSet\":[]");
        assertThat(destinations.find(smtp).orElseThrow().secret("password")).isNull();
    }

    private void assertRefused(Map<String, Object> destination, String field, String rule) {
        HttpResponse<String> response = KIT.call(port, "POST", "/api/destinations", destination);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode problem = KIT.JSON.readTree(response.body());
        assertThat(problem.path("field").asString()).isEqualTo(field);
        assertThat(problem.path("rule").asString()).isEqualTo(rule);
    }

    private String stored(DestinationKind kind, Map<String, String> settings, Map<String, String> secrets) {
        String id = UUID.randomUUID().toString();
        destinations.save(new Destination(id, kind.name().toLowerCase(), kind, settings, secrets));
        return id;
    }

    private String trigger(String destination, String name) {
        return KIT.create(port, "/api/activations", Map.of("name", name, "segmentId", "safety",
                "destinationId", destination, "mode", "TRIGGER", "template", Map.of("subject", "Hi", "body", "Hello")));
    }
}
