package io.cdp.activation;

import static io.cdp.activation.ActivationKit.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.icegreen.greenmail.util.GreenMail;

import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import io.cdp.activation.engine.Erasure;
import io.cdp.activation.engine.FrequencyCaps;
import io.cdp.activation.store.ActivationIndices;
import io.cdp.activation.store.SyncDeadLetter;
import io.cdp.profile.ProfileSnapshot;

/**
 * GDPR erase through the profile API (issue 5, finding 8): the profile store's ProfileErased makes
 * activation delete the person's deliveries, segment entries, conversions, frequency-cap ledger,
 * the local mail catcher's mails to them and their id in audience sync dead letters; other people's
 * stay. A membership event about them still in Kafka creates nothing afterwards. Also shows that the
 * local mail catcher of ./cdp start is a destination without any allow-list.
 */
class ActivationErasureIT extends ActivationItSupport {

    private static final ActivationKit KIT = new ActivationKit("erasure");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        KIT.registerWithoutAllowList(registry);
        registry.add("cdp.activation.local-smtp.enabled", () -> "true");
        registry.add("cdp.activation.local-smtp.port", () -> "0");
    }

    @AfterAll
    static void cleanUp() {
        KIT.cleanUp();
    }

    @Autowired
    private GreenMail localSmtp;

    @Autowired
    private ActivationIndices indices;

    @Autowired
    private Erasure erasure;

    @Test
    void erasingAPersonDeletesTheirDeliveriesEntriesConversionsCapsAndMailsAndNobodyElses() {
        ProfileSnapshot eva = KIT.profile(profiles, "e-eva", Map.of("email", "eva@example.com"), Map.of("email", true));
        ProfileSnapshot bob = KIT.profile(profiles, "e-bob", Map.of("email", "bob@example.com"), Map.of("email", true));
        String destination = KIT.create(port, "/api/destinations", Map.of("name", "local catcher", "kind", "EMAIL",
                "settings", Map.of("host", "127.0.0.1", "port", String.valueOf(localSmtp.getSmtp().getPort()),
                        "from", "shop@example.com")));
        KIT.create(port, "/api/activations", Map.of("name", "welcome", "segmentId", "erase", "destinationId",
                destination, "mode", "TRIGGER", "template", Map.of("subject", "Hi", "body", "Hello")));
        List.of(eva, bob).forEach(p -> KIT.publish(ActivationKit.entered(p.id(), "erase", "x-" + p.userId())));
        await(Duration.ofMinutes(1), () -> mailsTo("eva@example.com") == 1 && mailsTo("bob@example.com") == 1
                && !KIT.deliveries(port, "state=SENT&profileId=" + bob.id()).isEmpty(), "mails to the catcher");
        // orders after the entries are stored: a conversion is attributed to entries entered before it
        List.of(eva, bob).forEach(p -> KIT.publish(ActivationKit.order(p.userId(), "o-" + p.userId(),
                new BigDecimal("20"), List.of())));
        await(Duration.ofMinutes(1), () -> count(indices.conversions().index(), eva) == 1
                && count(indices.conversions().index(), bob) == 1, "conversions");
        assertThat(KIT.deliveries(port, "profileId=" + eva.id())).hasSize(1);
        assertThat(count(indices.entries().index(), eva)).isEqualTo(1);
        assertThat(indices.capLedgers().get(FrequencyCaps.ledgerId(eva.id().value(), "email"))).isPresent();
        // what AudienceSync stores when a destination refuses an audience change for good
        indices.syncDeadLetters().put("refused-both", new SyncDeadLetter("refused-both", "sync",
                List.of(eva.id().value(), bob.id().value()), List.of(), "HTTP 400", Instant.now()));
        indices.syncDeadLetters().put("refused-eva", new SyncDeadLetter("refused-eva", "sync",
                List.of(), List.of(eva.id().value()), "HTTP 400", Instant.now()));

        assertThat(KIT.call(port, "DELETE", "/api/profiles/" + eva.id(), null).statusCode()).isBetween(200, 299);

        await(Duration.ofMinutes(1), () -> KIT.deliveries(port, "profileId=" + eva.id()).isEmpty()
                && count(indices.entries().index(), eva) == 0 && count(indices.conversions().index(), eva) == 0
                && indices.capLedgers().get(FrequencyCaps.ledgerId(eva.id().value(), "email")).isEmpty()
                && mailsTo("eva@example.com") == 0 && indices.syncDeadLetters().get("refused-eva").isEmpty(),
                "the erased person's data deleted");
        assertErasedAndBobKept(eva, bob);

        erasure.erase(List.of(eva.id().value()));

        assertErasedAndBobKept(eva, bob);

        // a membership event about Eva still in Kafka, then one about Bob queued behind it on her partition
        KIT.publish(KIT.membershipsTopic, eva.id().value(), ActivationKit.entered(eva.id(), "erase", "x-late-eva"));
        KIT.publish(KIT.membershipsTopic, eva.id().value(), ActivationKit.entered(bob.id(), "later", "x-late-bob"));
        await(Duration.ofMinutes(1), () -> indices.entries().get("x-late-bob").isPresent(), "the event behind Eva's");

        assertThat(indices.entries().get("x-late-eva")).isEmpty();
        assertThat(count(indices.entries().index(), eva)).isZero();
        assertThat(KIT.deliveries(port, "profileId=" + eva.id())).isEmpty();
    }

    private void assertErasedAndBobKept(ProfileSnapshot eva, ProfileSnapshot bob) {
        assertThat(KIT.deliveries(port, "profileId=" + eva.id())).isEmpty();
        assertThat(count(indices.entries().index(), eva)).isZero();
        assertThat(count(indices.conversions().index(), eva)).isZero();
        assertThat(indices.capLedgers().get(FrequencyCaps.ledgerId(eva.id().value(), "email"))).isEmpty();
        assertThat(mailsTo("eva@example.com")).isZero();
        assertThat(KIT.deliveries(port, "profileId=" + bob.id())).hasSize(1);
        assertThat(count(indices.entries().index(), bob)).isEqualTo(1);
        assertThat(count(indices.conversions().index(), bob)).isEqualTo(1);
        assertThat(indices.capLedgers().get(FrequencyCaps.ledgerId(bob.id().value(), "email"))).isPresent();
        assertThat(mailsTo("bob@example.com")).isEqualTo(1);
        assertThat(KIT.call(port, "GET", "/api/admin/local-smtp/messages", null).body()).doesNotContain("eva@example.com");
        assertThat(indices.syncDeadLetters().get("refused-eva")).isEmpty();
        assertThat(indices.syncDeadLetters().get("refused-both").orElseThrow().document().adds())
                .containsExactly(bob.id().value());
    }

    private long mailsTo(String address) {
        return KIT.JSON.readTree(KIT.call(port, "GET", "/api/admin/local-smtp/messages", null).body()).valueStream()
                .filter(m -> m.path("to").toString().contains(address)).count();
    }

    private long count(String index, ProfileSnapshot person) {
        try {
            KIT.elasticsearch.indices().refresh(r -> r.index(index));
            return KIT.elasticsearch.count(c -> c.index(index).query(Query.of(q -> q.term(t -> t.field("profileId")
                    .value(person.id().value()))))).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
