package io.cdp.journey;

import static io.cdp.AppTestSupport.ADMIN_PASSWORD;
import static io.cdp.AppTestSupport.basic;
import static io.cdp.AppTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import io.cdp.AppIntegrationTest;


/**
 * The whole platform through its public HTTP API, on real Elasticsearch and Kafka: an
 * anonymous visitor signs up, buys in store with a loyalty card, and ends as one profile.
 */
@ExtendWith(OutputCaptureExtension.class)
class CustomerJourneyIT extends AppIntegrationTest {


    private final String admin = basic("admin", ADMIN_PASSWORD);

    @Test
    void mergesAnonymousWebVisitorSignUpAndInStorePurchaseIntoOneProfileWithoutLoggingPii(CapturedOutput output)
            throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String web = writeKey("web" + run);
        String pos = writeKey("pos" + run);
        String anonymousId = "anon-" + run;
        String email = "Jane.Doe+" + run + "@Example.com";
        String card = "card-" + run;

        send(web, "/v1/page", "{\"anonymousId\":\"" + anonymousId + "\",\"name\":\"Home\",\"messageId\":\"p1-" + run + "\"}");
        send(web, "/v1/identify", "{\"anonymousId\":\"" + anonymousId + "\",\"userId\":\"u-" + run + "\",\"messageId\":\"i1-" + run
                + "\",\"traits\":{\"email\":\" " + email + " \",\"firstName\":\"Jane\"}}");
        // the till knows only the loyalty card and the email on it
        send(pos, "/v1/identify", "{\"anonymousId\":\"till-" + run + "\",\"messageId\":\"i2-" + run
                + "\",\"traits\":{\"email\":\"" + email.toLowerCase() + "\"},"
                + "\"context\":{\"externalIds\":[{\"id\":\"" + card + "\",\"type\":\"loyalty_card\",\"collection\":\"users\",\"encoding\":\"none\"}]}}");
        String order = "{\"anonymousId\":\"till-" + run + "\",\"event\":\"Order Completed\",\"messageId\":\"o1-" + run
                + "\",\"properties\":{\"order_id\":\"A-" + run + "\",\"revenue\":42.50,\"currency\":\"USD\"},"
                + "\"context\":{\"externalIds\":[{\"id\":\"" + card + "\",\"type\":\"loyalty_card\",\"collection\":\"users\",\"encoding\":\"none\"}]}}";
        send(pos, "/v1/track", order);
        send(pos, "/v1/track", order); // a client retry: same messageId, must not count twice

        // the till's profile may show the order a moment before it is merged into the web visitor's
        String byAnonymousId = awaitProfile("anonymousId", anonymousId, "\"orders\":1");
        String byCard = awaitProfile("loyalty_card", card, "\"profileId\":\"" + profileId(byAnonymousId) + "\"");
        assertThat(byCard).contains("\"orders\":1").contains("\"revenue\":42.5");
        assertThat(awaitProfile("email", email, "\"orders\":1")).contains("\"userId\":\"u-" + run + "\"");

        assertThat(output.getAll()).doesNotContainIgnoringCase(email).doesNotContain(card);
    }

    private String writeKey(String sourceId) throws Exception {
        var response = call(port, "POST", "/api/admin/sources", admin, "{\"id\":\"" + sourceId + "\",\"name\":\"" + sourceId + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        Matcher key = Pattern.compile("\"writeKey\":\"([^\"]+)\"").matcher(response.body());
        assertThat(key.find()).isTrue();
        return key.group(1);
    }

    private void send(String writeKey, String path, String json) throws Exception {
        HttpResponse<String> response = call(port, "POST", path, basic(writeKey, ""), json);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private String awaitProfile(String type, String value, String expected) throws Exception {
        String path = "/api/profiles/lookup?type=" + type + "&value=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = call(port, "GET", path, admin, null);
            last = response.statusCode() + " " + response.body();
            if (response.statusCode() == 200 && response.body().contains(expected)) {
                return response.body();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("profile " + type + " never showed " + expected + "; last answer: " + last);
    }

    private static String profileId(String profileJson) {
        Matcher id = Pattern.compile("\"profileId\":\"([^\"]+)\"").matcher(profileJson);
        assertThat(id.find()).isTrue();
        return id.group(1);
    }
}
