package io.cdp.journey;

import static io.cdp.AppTestSupport.basic;
import static io.cdp.AppTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import io.cdp.AppIntegrationTest;
import io.cdp.AppTestSupport;


/**
 * The whole platform through its public HTTP API, on real Elasticsearch and Kafka: an
 * anonymous visitor signs up, buys in store with a loyalty card, and ends as one profile; customers move
 * through the journey stages as their events arrive.
 */
@ExtendWith(OutputCaptureExtension.class)
class CustomerJourneyIT extends AppIntegrationTest {


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

    /**
     * The journey stages as specified, one step at a time through the ingestion API: each step waits for the
     * stage the segmentation consumer stores before the next is sent, so the steps are evaluated in order.
     */
    @Test
    void aCustomerMovesFromAwarenessThroughConsiderationDecisionAndServiceToLoyalty() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String web = writeKey("journey" + run);
        String user = "journey-" + run;

        send(web, "/v1/page", segmentCall(user, "page-" + run, null));
        String profileId = profileId(awaitProfile("user_id", user, "\"eventCount\":1"));
        assertThat(awaitStage(profileId, "awareness")).contains("\"stageReason\":\"matched stage #5 'awareness'");
        send(web, "/v1/track", segmentCall(user, "view-" + run, "\"event\":\"Product Viewed\",\"properties\":{\"product_id\":\"p1\"}"));
        awaitStage(profileId, "consideration");
        send(web, "/v1/track", segmentCall(user, "add-" + run, "\"event\":\"Product Added\",\"properties\":{\"product_id\":\"p1\"}"));
        awaitStage(profileId, "decision");
        send(web, "/v1/track", segmentCall(user, "order1-" + run, "\"event\":\"Order Completed\","
                + "\"properties\":{\"order_id\":\"J1-" + run + "\",\"revenue\":30,\"currency\":\"USD\"}"));
        assertThat(awaitStage(profileId, "service")).contains("ordered in the last 30 days");
        send(web, "/v1/track", segmentCall(user, "order2-" + run, "\"event\":\"Order Completed\","
                + "\"properties\":{\"order_id\":\"J2-" + run + "\",\"revenue\":20,\"currency\":\"USD\",\"channel\":\"store\"}"));
        assertThat(awaitStage(profileId, "loyalty")).contains("repeat buyer");
    }

    @Test
    void anNpsPromoterAnswerMakesAVisitorLoyalUntilALaterAnswerIsADetractors() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String web = writeKey("nps" + run);
        String user = "nps-" + run;

        send(web, "/v1/track", segmentCall(user, "visit-" + run, "\"event\":\"Store Visited\",\"properties\":{\"store_id\":\"s1\"}"));
        String profileId = profileId(awaitProfile("user_id", user, "\"eventCount\":1"));
        awaitStage(profileId, "awareness");
        HttpResponse<String> offScale = call(port, "POST", "/v1/track", basic(web, ""), segmentCall(user, "nps0-" + run,
                "\"event\":\"Survey Answered\",\"properties\":{\"survey\":\"nps\",\"score\":11}"));
        assertThat(offScale.statusCode()).isEqualTo(400);
        assertThat(offScale.body()).contains("\"field\":\"properties.score\"", "\"rule\":\"range\"");

        send(web, "/v1/track", segmentCall(user, "nps1-" + run,
                "\"event\":\"Survey Answered\",\"properties\":{\"survey\":\"nps\",\"score\":9}"));
        assertThat(awaitProfile("user_id", user, "\"latestScore\":9")).contains("\"category\":\"promoter\"");
        assertThat(awaitStage(profileId, "loyalty")).contains("NPS promoter");
        send(web, "/v1/track", segmentCall(user, "nps2-" + run,
                "\"event\":\"Survey Answered\",\"properties\":{\"survey\":\"nps\",\"score\":4}"));
        assertThat(awaitProfile("user_id", user, "\"latestScore\":4")).contains("\"category\":\"detractor\"");
        awaitStage(profileId, "awareness");
    }

    /** A Segment-spec call of {@code user}; {@code fields} are more JSON members (event, properties), or none. */
    private static String segmentCall(String user, String messageId, String fields) {
        return "{\"userId\":\"" + user + "\",\"messageId\":\"" + messageId + "\""
                + (fields == null ? "" : "," + fields) + "}";
    }

    private String awaitStage(String profileId, String stage) throws Exception {
        return await("/api/profiles/" + profileId + "/memberships", "\"stage\":\"" + stage + "\"");
    }

    private String writeKey(String sourceId) throws Exception {
        return AppTestSupport.writeKey(port, sourceId);
    }

    private void send(String writeKey, String path, String json) throws Exception {
        AppTestSupport.send(port, writeKey, path, json);
    }

    private String awaitProfile(String type, String value, String expected) throws Exception {
        return await("/api/profiles/lookup?type=" + type + "&value=" + URLEncoder.encode(value, StandardCharsets.UTF_8),
                expected);
    }

    private String await(String path, String expected) throws Exception {
        return AppTestSupport.await(port, path, expected);
    }

    private static String profileId(String profileJson) {
        return AppTestSupport.profileId(profileJson);
    }
}
