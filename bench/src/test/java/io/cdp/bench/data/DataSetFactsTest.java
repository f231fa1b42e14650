package io.cdp.bench.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DataSetFactsTest {

    private static final Instant T = Instant.parse("2026-10-01T10:00:00Z");

    @Test
    void countsOnePersonAcrossBrowserSignUpEmailClickAndCrmRow() {
        DemoData data = new DemoData(List.of(
                call(Source.WEB, Map.of("messageId", "1", "type", "page", "anonymousId", "browser")),
                call(Source.WEB, Map.of("messageId", "2", "type", "identify", "anonymousId", "browser", "userId", "u1",
                        "traits", Map.of("email", "ada@example.com"))),
                call(Source.WEB, Map.of("messageId", "3", "type", "track", "event", "Email Link Clicked",
                        "anonymousId", "phone", "context", Map.of("traits", Map.of("email", "Ada@Example.com")))),
                call(Source.WEB, Map.of("messageId", "4", "type", "page", "anonymousId", "stranger"))),
                List.of(new CrmContact("crm-1", "  ADA@EXAMPLE.COM ", null, "Ada", "Adams")));

        DataSetFacts facts = DataSetFacts.of(data);

        assertThat(facts.people()).isEqualTo(2);
        assertThat(facts.known()).isEqualTo(1);
        assertThat(facts.anonymous()).isEqualTo(1);
        assertThat(facts.bySource()).containsEntry(Source.WEB, 4).containsEntry(Source.CRM, 1);
    }

    @Test
    void linksAnonymousStoreCardToItsOwnerOnlyThroughASharedIdentifier() {
        Map<String, Object> card = Map.of("id", "LC1", "type", "loyalty_card", "collection", "users", "encoding", "none");
        DemoData data = new DemoData(List.of(
                call(Source.POS, order("5", "till-1", Map.of("externalIds", List.of(card)), "10.50")),
                call(Source.POS, order("6", "till-2", Map.of("externalIds", List.of(card)), "4.50")),
                call(Source.POS, order("7", "till-3", Map.of(), "5.00"))),
                List.of());

        DataSetFacts facts = DataSetFacts.of(data);

        assertThat(facts.people()).isEqualTo(2);
        assertThat(facts.known()).isZero();
        assertThat(facts.orders()).isEqualTo(3);
        assertThat(facts.revenue()).isEqualByComparingTo(new BigDecimal("20.00"));
    }

    @Test
    void generatedDataSetHasKnownAndAnonymousPeopleAndRevenue() {
        DataSetFacts facts = DataSetFacts.of(DemoDataGenerator.generate(3, 3_000, T));

        assertThat(facts.known()).isPositive();
        assertThat(facts.anonymous()).isPositive();
        assertThat(facts.orders()).isPositive();
        assertThat(facts.revenue()).isPositive();
        assertThat(facts.bySource()).containsKeys(Source.WEB, Source.APP, Source.POS, Source.CRM);
    }

    private static Map<String, Object> order(String id, String anonymousId, Map<String, Object> context, String revenue) {
        return Map.of("messageId", id, "type", "track", "event", "Order Completed", "anonymousId", anonymousId,
                "context", context, "properties", Map.of("revenue", new BigDecimal(revenue)));
    }

    private static Call call(Source source, Map<String, Object> message) {
        return new Call(source, T, message);
    }
}
