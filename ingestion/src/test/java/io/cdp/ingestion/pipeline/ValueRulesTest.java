package io.cdp.ingestion.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

/** The values the profile store could not store are refused by the normalizer, naming field and rule. */
class ValueRulesTest {

    private static final Instant RECEIVED = Instant.parse("2026-01-10T12:00:00Z");
    private final JsonMapper json = JsonMapper.builder().build();
    private final EventNormalizer normalizer = new EventNormalizer(json, new Limits(32 * 1024, 500 * 1024, 2500, 100),
            new EventTimeBounds(Instant.parse("2000-01-01T00:00:00Z"), Duration.ofDays(1)));

    private EventNormalizer.Result normalize(String call, String type) {
        return normalizer.normalize(json.readTree(call), type, json.createObjectNode(), "web", RECEIVED, "id");
    }

    private Violation order(String properties) {
        return normalize("{\"userId\":\"u\",\"event\":\"Order Completed\",\"properties\":" + properties + "}",
                "track").violation();
    }

    @Test
    void refusesOrderAmountsThatAreNotFiniteNumbersWithinTheMaximum() {
        assertThat(order("{\"revenue\":\"NaN\"}")).isEqualTo(
                Violation.of("properties.revenue", "number", "properties.revenue must be a number"));
        assertThat(order("{\"revenue\":1e400}")).isEqualTo(Violation.of("properties.revenue", "finite",
                "properties.revenue must be a finite number within the range of a double"));
        assertThat(order("{\"revenue\":1e999999999}").rule()).isEqualTo("finite");
        assertThat(order("{\"revenue\":1.7e308}")).isEqualTo(Violation.of("properties.revenue", "max",
                "properties.revenue must not exceed 1000000000 in absolute value"));
        assertThat(order("{\"total\":\"1e400\"}").rule()).isEqualTo("max");
        assertThat(order("{\"revenue\":\"\"}").rule()).isEqualTo("number");
        assertThat(order("{\"revenue\":true}").rule()).isEqualTo("number");
        assertThat(order("{\"revenue\":1000000000.01}").rule()).isEqualTo("max");
    }

    @Test
    void acceptsOrderAmountsUpToTheMaximumAsNumbersOrNumericStrings() {
        assertThat(order("{\"revenue\":1000000000}")).isNull();
        assertThat(order("{\"revenue\":\" 12.50 \",\"total\":0}")).isNull();
        assertThat(order("{\"products\":[{\"price\":9.99,\"quantity\":2}]}")).isNull();
    }

    @Test
    void anOrderCurrencyIsAnIso4217CodeInAnyCaseOrAbsent() {
        assertThat(order("{\"currency\":\"euro\"}")).isEqualTo(Violation.of("properties.currency", "iso4217",
                "properties.currency of an order must be an ISO 4217 code such as EUR"));
        assertThat(order("{\"currency\":978}").rule()).isEqualTo("iso4217");
        assertThat(order("{\"currency\":\"eur\"}")).isNull();
        assertThat(order("{\"currency\":\" \"}")).isNull();
        assertThat(order("{\"currency\":null}")).isNull();
        assertThat(normalize("{\"userId\":\"u\",\"event\":\"Product Viewed\",\"properties\":{\"currency\":\"euro\"}}",
                "track").violation()).isNull();
    }

    @Test
    void refusesNegativeOrderAndRefundAmountsAndProductPrices() {
        assertThat(order("{\"revenue\":-5}")).isEqualTo(
                Violation.of("properties.revenue", "nonNegative", "properties.revenue must not be negative"));
        assertThat(normalize("{\"userId\":\"u\",\"event\":\"Order Refunded\",\"properties\":{\"total\":-5}}",
                "track").violation().rule()).isEqualTo("nonNegative");
        assertThat(order("{\"products\":[{\"price\":1},{\"price\":-1}]}").field())
                .isEqualTo("properties.products[1].price");
        assertThat(order("{\"products\":[{\"quantity\":1e7}]}").field())
                .isEqualTo("properties.products[0].quantity");
    }

    @Test
    void boundsRevenueOfEveryTrackCallButLetsOtherEventsCarryNegativeRevenue() {
        assertThat(normalize("{\"userId\":\"u\",\"event\":\"Upgraded\",\"properties\":{\"revenue\":1e308}}",
                "track").violation().rule()).isEqualTo("max");
        assertThat(normalize("{\"userId\":\"u\",\"event\":\"Credit Issued\",\"properties\":{\"revenue\":-20}}",
                "track").isAccepted()).isTrue();
    }

    @Test
    void refusesNonFiniteNumbersAnywhereInTheCall() {
        assertThat(normalize("{\"userId\":\"u\",\"traits\":{\"scores\":[1,2e400]}}", "identify").violation())
                .isEqualTo(Violation.of("traits.scores[1]", "finite",
                        "traits.scores[1] must be a finite number within the range of a double"));
        assertThat(normalize("{\"userId\":\"u\",\"context\":{\"screen\":{\"density\":-1e400}}}", "identify")
                .violation().field()).isEqualTo("context.screen.density");
    }

    @Test
    void keepsWholeNumberIdsDigitForDigitAndRefusesOtherNumericIds() {
        assertThat(normalize("{\"userId\":123456789012345678901234567890}", "identify").event().userId())
                .isEqualTo("123456789012345678901234567890");
        assertThat(normalize("{\"userId\":1e400}", "identify").violation()).isEqualTo(
                Violation.of("userId", "wholeNumber", "userId must be a string or a whole number"));
        assertThat(normalize("{\"anonymousId\":1.5}", "identify").violation().field()).isEqualTo("anonymousId");
        assertThat(normalize("{\"userId\":\"u\",\"messageId\":1e400}", "identify").violation().field())
                .isEqualTo("messageId");
        assertThat(normalize("{\"userId\":\"u\",\"messageId\":17}", "identify").event().messageId())
                .isEqualTo("17");
    }

    @Test
    void refusesControlCharactersInIdsEmailsPhonesAndExternalIds() {
        assertThat(normalize("{\"userId\":\"u\",\"traits\":{\"email\":\"a\\u0000b@example.com\"}}", "identify")
                .violation()).isEqualTo(Violation.of("traits.email", "noControlCharacters",
                        "traits.email must not contain control characters"));
        assertThat(normalize("{\"userId\":\"u\\u0007\"}", "identify").violation().field()).isEqualTo("userId");
        assertThat(normalize("{\"anonymousId\":\"a\\u0085\"}", "identify").violation().field())
                .isEqualTo("anonymousId");
        assertThat(normalize("{\"userId\":\"u\",\"context\":{\"traits\":{\"phone\":\"+1555\\u001f0100\"}}}",
                "page").violation().field()).isEqualTo("context.traits.phone");
        assertThat(normalize("{\"userId\":\"u\",\"event\":\"E\",\"properties\":{\"email\":\"x\\u007f@e.com\"}}",
                "track").violation().field()).isEqualTo("properties.email");
        assertThat(normalize("{\"userId\":\"u\",\"context\":{\"externalIds\":[{\"type\":\"crm\",\"id\":\"7\\n\"}]}}",
                "identify").violation().field()).isEqualTo("context.externalIds[0].id");
        assertThat(normalize("{\"userId\":\"Zoë 李\",\"traits\":{\"email\":\"zoë@example.com\"}}", "identify")
                .isAccepted()).isTrue();
    }

    @Test
    void refusesTraitValuesNestedDeeperThanTheProfileCanIndex() {
        String tenDeep = "[".repeat(9) + "{\"a\":1}" + "]".repeat(9);
        String elevenDeep = "[" + tenDeep + "]";

        assertThat(normalize("{\"userId\":\"u\",\"traits\":{\"t\":" + tenDeep + "}}", "identify").isAccepted())
                .isTrue();
        assertThat(normalize("{\"userId\":\"u\",\"traits\":{\"t\":" + elevenDeep + "}}", "identify").violation())
                .isEqualTo(Violation.of("traits.t", "maxDepth",
                        "traits.t must not nest objects and arrays more than 10 levels deep"));
        assertThat(normalize("{\"userId\":\"u\",\"context\":{\"traits\":{\"t\":" + elevenDeep + "}}}", "page")
                .violation().field()).isEqualTo("context.traits.t");
        assertThat(normalize("{\"userId\":\"u\",\"event\":\"E\",\"properties\":{\"p\":" + elevenDeep + "}}",
                "track").isAccepted()).isTrue();
    }

    private Violation track(String event, String properties) {
        return normalize("{\"userId\":\"u\",\"event\":\"" + event + "\",\"properties\":" + properties + "}",
                "track").violation();
    }

    @Test
    void aProductReviewNeedsARatingOnTheOneToFiveScale() {
        assertThat(track("Product Reviewed", "{\"product_id\":\"p1\"}")).isEqualTo(
                Violation.of("properties.rating", "required", "properties.rating is required"));
        assertThat(track("Product Reviewed", "{\"rating\":\"great\"}")).isEqualTo(
                Violation.of("properties.rating", "number", "properties.rating must be a number"));
        assertThat(track("Product Reviewed", "{\"rating\":0}")).isEqualTo(
                Violation.of("properties.rating", "range", "properties.rating must be between 1 and 5"));
        assertThat(track("Product Reviewed", "{\"rating\":5.5}").rule()).isEqualTo("range");
        assertThat(track("Product Reviewed", "{\"rating\":1}")).isNull();
        assertThat(track("Product Reviewed", "{\"rating\":4.5}")).isNull();
        assertThat(track("Product Reviewed", "{\"rating\":\"5\"}")).isNull();
    }

    @Test
    void anNpsAnswerNeedsAWholeScoreFromZeroToTen() {
        assertThat(track("Survey Answered", "{\"survey\":\"nps\"}")).isEqualTo(
                Violation.of("properties.score", "required", "properties.score is required"));
        assertThat(track("Survey Answered", "{\"survey\":\"nps\",\"score\":11}")).isEqualTo(
                Violation.of("properties.score", "range", "properties.score must be between 0 and 10"));
        assertThat(track("Survey Answered", "{\"survey\":\"NPS\",\"score\":-1}").rule()).isEqualTo("range");
        assertThat(track("Survey Answered", "{\"survey\":\"nps\",\"score\":7.5}")).isEqualTo(
                Violation.of("properties.score", "integer", "properties.score must be a whole number"));
        assertThat(track("Survey Answered", "{\"survey\":\"nps\",\"score\":\"ten\"}").rule())
                .isEqualTo("number");
        assertThat(track("Survey Answered", "{\"survey\":\"nps\",\"score\":0}")).isNull();
        assertThat(track("Survey Answered", "{\"survey\":\"nps\",\"score\":10}")).isNull();
        // other surveys keep their own scales
        assertThat(track("Survey Answered", "{\"survey\":\"csat\",\"score\":42}")).isNull();
    }

    @Test
    void storeVisitsAndStoreOrdersAreAccepted() {
        assertThat(track("Store Visited", "{\"store_id\":\"berlin-1\"}")).isNull();
        assertThat(track("Order Completed", "{\"order_id\":\"o1\",\"revenue\":10,\"channel\":\"store\"}")).isNull();
    }
}
