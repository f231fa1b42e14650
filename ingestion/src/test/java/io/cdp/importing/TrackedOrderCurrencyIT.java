package io.cdp.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.micrometer.core.instrument.MeterRegistry;

import io.cdp.ingestion.source.SourceStore;
import io.cdp.profile.ProfileSnapshot;
import io.cdp.profile.Profiles;

/**
 * Orders tracked over HTTP, as analytics.js sends them, in the reporting currency (USD, named or
 * not), in a currency with an imported rate and in one without: the profile's revenue holds the
 * first two converted with the rate of their day, the per-currency revenue holds all three, and
 * the order without a rate is counted, never added to the USD revenue as if it were dollars.
 */
@SpringBootTest(classes = ImportToProfilesApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TrackedOrderCurrencyIT extends ProfileStoreItSupport {

    private static final String RUN = "c" + UUID.randomUUID().toString().substring(0, 6);

    @DynamicPropertySource
    static void profileStore(DynamicPropertyRegistry registry) {
        ownProfileStore(registry, RUN);
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    SourceStore sources;

    @Autowired
    Profiles profiles;

    @Autowired
    MeterRegistry meters;

    @AfterAll
    static void deleteIndices() throws IOException {
        deleteProfileIndices(RUN);
    }

    @Test
    void trackedOrdersCountInTheReportingCurrencyWithTheRateOfTheirDayAndOneWithoutARateOnlyInItsOwnCurrency()
            throws Exception {
        String source = RUN + "-web";
        String writeKey = sources.create(source, "Website").writeKey();
        String customer = unique("buyer");
        // a rates file from the day before the EUR order: the latest rate up to 7 days back serves it
        HttpResponse<String> rates = send(post(port, "/api/admin/import/rates").header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString("date,base,quote,rate\n2026-03-02,EUR,USD,1.10\n")).build());
        assertThat(JSON.readTree(rates.body()).path("accepted").asLong()).isEqualTo(1);

        HttpResponse<String> response = send(post(port, "/v1/batch")
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"batch":[
                          %1$s"o-usd","currency":"usd","revenue":10}},
                          %1$s"o-plain","revenue":5}},
                          %1$s"o-eur","currency":"EUR","revenue":20,"fx_rate":99}},
                          {"type":"track","userId":"%2$s","event":"Order Refunded","timestamp":"2026-03-04T09:00:00Z",
                           "properties":{"order_id":"o-eur","currency":"EUR","revenue":4}},
                          %1$s"o-chf","currency":"CHF","revenue":30}},
                          %1$s"o-euro","currency":"euro","revenue":7}}]}"""
                        .formatted("{\"type\":\"track\",\"userId\":\"" + customer + "\",\"event\":\"Order Completed\","
                                + "\"timestamp\":\"2026-03-03T12:00:00Z\",\"properties\":{\"order_id\":", customer)))
                .build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("rejected")).isEqualTo(JSON.readTree("""
                [{"index":5,"field":"properties.currency","rule":"iso4217",
                  "reason":"properties.currency of an order must be an ISO 4217 code such as EUR"}]"""));
        ProfileSnapshot.Commerce commerce = awaitOrders(customer, 4);
        assertThat(commerce.orders()).isEqualTo(4);
        assertThat(commerce.unconvertedOrders()).isEqualTo(1);
        // 10 + 5 dollars and (20 - 4) euros at 1.10; the 30 francs have no rate
        assertThat(commerce.revenue()).isEqualByComparingTo("32.60");
        assertThat(new TreeMap<>(commerce.revenueByCurrency())).containsOnlyKeys("CHF", "EUR", "USD")
                .hasEntrySatisfying("USD", amount -> assertThat(amount).isEqualByComparingTo("15"))
                .hasEntrySatisfying("EUR", amount -> assertThat(amount).isEqualByComparingTo("16"))
                .hasEntrySatisfying("CHF", amount -> assertThat(amount).isEqualByComparingTo("30"));
        assertThat(commerce.averageOrderValue()).isEqualByComparingTo("10.87");
        assertThat(meters.get("cdp.ingestion.orders.unconverted").tag("source", source).tag("currency", "CHF")
                .counter().count()).isEqualTo(1.0);
    }

    /** The customer's commerce once it holds the orders and the refund, or as it is after a minute. */
    private ProfileSnapshot.Commerce awaitOrders(String customer, long orders) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        Optional<ProfileSnapshot> profile = Optional.empty();
        while (System.currentTimeMillis() < deadline) {
            profile = profiles.findByIdentifier("userId", customer);
            if (profile.isPresent() && profile.get().commerce().orders() == orders
                    && profile.get().commerce().refunds() == 1) {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(profile).as("profile of %s with %d orders", customer, orders).isPresent();
        return profile.get().commerce();
    }
}
