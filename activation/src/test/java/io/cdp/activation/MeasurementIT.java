package io.cdp.activation;

import static io.cdp.activation.ActivationKit.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;

import io.cdp.activation.domain.Holdout;
import io.cdp.activation.domain.Lift;
import io.cdp.activation.store.ActivationIndices;
import io.cdp.platform.Sha256;
import io.cdp.profile.ProfileSnapshot;
import tools.jackson.databind.JsonNode;

/**
 * Conversions by members within the attribution window per segment and per activation, net of refunds, with the
 * deterministic holdout and the lift against it, and CLV snapshots of the segment.
 */
class MeasurementIT extends ActivationItSupport {

    private static final int MEMBERS = 40;
    private static final ActivationKit KIT = new ActivationKit("measure");
    private static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        SMTP.start();
        KIT.register(registry);
        registry.add("cdp.activation.conversion.unresolved-for", () -> "2s");
    }

    @AfterAll
    static void cleanUp() {
        SMTP.stop();
        KIT.cleanUp();
    }

    @Autowired
    private ActivationIndices indices;

    @Test
    void measuresAnActivationsOrdersRevenueAndLiftAgainstItsHoldoutAndClvPerCustomerOfItsSegment() {
        List<ProfileSnapshot> members = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            members.add(KIT.profile(profiles, "ms-" + i, Map.of("email", "ms-" + i + "@example.com"), Map.of("email", true)));
        }
        String destination = KIT.create(port, "/api/destinations", Map.of("name", "smtp", "kind", "EMAIL",
                "settings", Map.of("host", "127.0.0.1", "port", String.valueOf(SMTP.getSmtp().getPort()),
                        "from", "shop@example.com")));
        String activation = KIT.create(port, "/api/activations", Map.of("name", "m", "segmentId", "m",
                "destinationId", destination, "mode", "TRIGGER", "holdoutPercent", 50,
                "template", Map.of("subject", "Hi", "body", "Hello")));
        members.forEach(p -> KIT.publish(ActivationKit.entered(p.id(), "m", "m-" + p.userId())));
        await(Duration.ofMinutes(2), () -> finished(activation) == MEMBERS, "every delivery or holdout");
        List<ProfileSnapshot> treated = members.stream()
                .filter(p -> !Holdout.heldOut(p.id().value(), activation, 50)).toList();
        List<ProfileSnapshot> holdout = members.stream()
                .filter(p -> Holdout.heldOut(p.id().value(), activation, 50)).toList();
        assertThat(treated).hasSizeGreaterThan(6);
        assertThat(holdout).hasSizeGreaterThan(2);
        KIT.publish(ActivationKit.order("nobody-known", "o-unknown", new BigDecimal("5"), List.of()));
        BigDecimal treatedRevenue = BigDecimal.ZERO;
        for (int i = 0; i < 6; i++) {
            BigDecimal revenue = BigDecimal.valueOf(10L * (i + 1));
            treatedRevenue = treatedRevenue.add(revenue);
            KIT.publish(ActivationKit.order(treated.get(i).userId(), "o-t" + i, revenue, List.of()));
        }
        KIT.publish(ActivationKit.order(treated.get(0).userId(), "o-t0-again", new BigDecimal("40"), List.of()));
        KIT.publish(ActivationKit.order(treated.get(0).userId(), "o-t0-again", new BigDecimal("40"), List.of())); // replay
        treatedRevenue = treatedRevenue.add(new BigDecimal("40"));
        // a refund of part of an attributed order (sent twice), and one of an order nobody was attributed
        KIT.publish(ActivationKit.refund(treated.get(1).userId(), "r-t1", "o-t1", new BigDecimal("5")));
        KIT.publish(ActivationKit.refund(treated.get(1).userId(), "r-t1", "o-t1", new BigDecimal("5")));
        KIT.publish(ActivationKit.refund("nobody-known", "r-unknown", "o-unknown", new BigDecimal("5")));
        treatedRevenue = treatedRevenue.subtract(new BigDecimal("5"));
        KIT.publish(ActivationKit.order(holdout.get(0).userId(), "o-h0", new BigDecimal("30"), List.of()));
        KIT.publish(ActivationKit.order(holdout.get(1).userId(), "o-h1", new BigDecimal("50"), List.of()));
        BigDecimal total = treatedRevenue.add(new BigDecimal("80"));
        BigDecimal netOfRefund = treatedRevenue;

        // the holdout's two orders are consumed in their own time: wait for them as well as for the treated ones
        await(Duration.ofMinutes(2), () -> {
            JsonNode measured = get("/api/measurement/activations/" + activation);
            return measured.path("orders").asLong() == 7 && measured.path("lift").path("holdoutConverted").asLong() == 2
                    && measured.path("revenue").decimalValue().compareTo(netOfRefund) == 0;
        }, "seven orders of treated members attributed, the refund netted and two held-out buyers converted");
        JsonNode perActivation = get("/api/measurement/activations/" + activation);
        assertThat(perActivation.path("orders").asLong()).isEqualTo(7);
        // net of the refund, counted once; the refund is no order and converts nobody
        assertThat(perActivation.path("revenue").decimalValue()).isEqualByComparingTo(treatedRevenue);
        assertThat(perActivation.path("averageOrderValue").decimalValue())
                .isEqualByComparingTo(treatedRevenue.divide(BigDecimal.valueOf(7), 2, java.math.RoundingMode.HALF_UP));
        Lift expected = Lift.of(6, treated.size(), 2, holdout.size());
        JsonNode lift = perActivation.path("lift");
        assertThat(lift.path("treated").asLong()).isEqualTo(treated.size());
        assertThat(lift.path("holdout").asLong()).isEqualTo(holdout.size());
        assertThat(lift.path("lift").asDouble()).isCloseTo(expected.lift(), within(1e-9));
        assertThat(lift.path("ciLow").asDouble()).isCloseTo(expected.ciLow(), within(1e-9));
        assertThat(lift.path("ciHigh").asDouble()).isCloseTo(expected.ciHigh(), within(1e-9));
        assertThat(SMTP.getReceivedMessages()).hasSize(treated.size());

        await(Duration.ofMinutes(1), () -> KIT.call(port, "POST", "/api/measurement/segments/m/clv", null).body()
                .contains("\"total\":" + total.toPlainString()), "CLV to include every order");
        JsonNode history = get("/api/measurement/segments/m/clv");
        JsonNode latest = history.get(history.size() - 1);
        assertThat(latest.path("members").asLong()).isEqualTo(MEMBERS);
        // historical CLV per customer, as reporting's KPI: six treated and two held-out members ordered
        assertThat(latest.path("customers").asLong()).isEqualTo(8);
        assertThat(latest.path("average").decimalValue())
                .isEqualByComparingTo(total.divide(BigDecimal.valueOf(8), 2, java.math.RoundingMode.HALF_UP));
    }

    @Test
    void attributesAnOrderPlacedBeforeItsEntryIsSearchable() throws Exception {
        ProfileSnapshot buyer = KIT.profile(profiles, "quick-buyer", Map.of("email", "quick@example.com"),
                Map.of("email", true));
        String entries = indices.entries().index();
        // without periodic refreshes an entry becomes searchable only when someone asks for it
        refreshInterval(entries, "-1");
        try {
            KIT.publish(ActivationKit.entered(buyer.id(), "quick", "quick-1"));
            await(Duration.ofMinutes(1), () -> indices.entries().get("quick-1").isPresent(), "the entry stored");
            KIT.publish(ActivationKit.order(buyer.userId(), "o-quick", new BigDecimal("25"), List.of()));

            String conversion = Sha256.hex("o-quick|quick-1");
            await(Duration.ofMinutes(1), () -> indices.conversions().get(conversion).isPresent(),
                    "the order attributed to the entry");
            assertThat(indices.conversions().get(conversion).orElseThrow().document().revenue())
                    .isEqualByComparingTo("25");
        } finally {
            refreshInterval(entries, "1s");
        }
    }

    private void refreshInterval(String index, String interval) throws java.io.IOException {
        indices.entries().client().indices().putSettings(p -> p.index(index)
                .settings(s -> s.refreshInterval(t -> t.time(interval))));
    }

    private long finished(String activation) {
        JsonNode log = get("/api/deliveries?size=500&activationId=" + activation);
        long count = 0;
        for (JsonNode d : log) {
            String state = d.path("state").asString();
            if (state.equals("SENT") || state.equals("HOLDOUT")) {
                count++;
            }
        }
        return count;
    }

    private JsonNode get(String path) {
        return ActivationKit.JSON.readTree(KIT.call(port, "GET", path, null).body());
    }
}
