package io.cdp.activation;

import static io.cdp.activation.ActivationKit.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;

import io.cdp.activation.RecordingHttpServer.Reply;
import io.cdp.activation.domain.Delivery;
import io.cdp.profile.ProfileSnapshot;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import tools.jackson.databind.JsonNode;

/**
 * When and whether a trigger is sent, on the real stack with the app's clock under the test's
 * control: quiet hours and send windows, delays, the frequency cap (which a failed send does not
 * use up), dead letters retried from the API once the destination is fixed, the circuit breaker
 * (open, one trial when half-open, recovery, nothing lost or doubled) and Retry-After.
 */
@Import(SendRulesIT.ControlledClock.class)
class SendRulesIT extends ActivationItSupport {

    private static final ActivationKit KIT = new ActivationKit("rules");
    private static final ShiftedClock CLOCK = new ShiftedClock();
    private static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("shop@example.com", "shop", "right"));
    private static final String DEFERRED = "outside the send window or in quiet hours";
    private static final String CIRCUIT_OPEN = "circuit open: the destination failed repeatedly";

    @TestConfiguration(proxyBeanMethods = false)
    static class ControlledClock {
        @Bean
        Clock clock() {
            return CLOCK;
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        KIT.register(registry);
        registry.add("cdp.activation.frequency-caps.email", () -> "1");
        registry.add("cdp.activation.quiet-hours.start", () -> "22:00");
        registry.add("cdp.activation.quiet-hours.end", () -> "07:00");
        registry.add("cdp.activation.quiet-hours.zone", () -> "UTC");
        registry.add("cdp.activation.circuit.failure-threshold", () -> "3");
        registry.add("cdp.activation.circuit.open-for", () -> "10m");
        // one send at a time: the calls a failing destination gets are then exactly countable
        registry.add("cdp.activation.dispatch.concurrency", () -> "1");
    }

    @BeforeAll
    static void startSmtp() {
        SMTP.start();
    }

    @AfterAll
    static void cleanUp() {
        SMTP.stop();
        KIT.cleanUp();
    }

    @BeforeEach
    void middayOfANewDay() {
        // outside quiet hours, and over a day after the previous test: its frequency-cap slots have expired
        CLOCK.advance(Duration.ofDays(1));
        CLOCK.advanceTo(LocalTime.NOON, ZoneOffset.UTC);
    }

    @Test
    void holdsTriggersDuringQuietHoursAndOutsideTheirSendWindowUntilTheyOpen() throws Exception {
        ProfileSnapshot ada = emailProfile("t-ada");
        ProfileSnapshot ben = emailProfile("t-ben");
        String smtp = emailDestination(Map.of());
        String anyTime = trigger("quiet", smtp, Map.of());
        // 18:00–23:00 in Tokyo (UTC+9 all year) is 09:00–14:00 UTC, after the quiet hours end
        String evenings = trigger("tokyo-evenings", smtp,
                Map.of("sendWindow", Map.of("start", "18:00", "end", "23:00", "zone", "Asia/Tokyo")));
        Instant entered = CLOCK.advanceTo(LocalTime.of(22, 30), ZoneOffset.UTC);
        Instant quietHoursEnd = entered.atZone(ZoneOffset.UTC).toLocalDate().plusDays(1).atTime(7, 0)
                .toInstant(ZoneOffset.UTC);
        Instant tokyoEvening = quietHoursEnd.plus(Duration.ofHours(2));

        KIT.publish(ActivationKit.entered(ada.id(), "quiet", "quiet-1", entered));
        KIT.publish(ActivationKit.entered(ben.id(), "tokyo-evenings", "tokyo-1", entered));

        String adaKey = Delivery.key(ada.id().value(), anyTime, "quiet-1", "entered");
        String benKey = Delivery.key(ben.id().value(), evenings, "tokyo-1", "entered");
        await(Duration.ofMinutes(1), () -> DEFERRED.equals(reason(adaKey)) && DEFERRED.equals(reason(benKey)),
                "both sends deferred");
        for (String key : List.of(adaKey, benKey)) {
            // a closed window is not an attempt
            assertThat(state(key)).isEqualTo("PENDING");
            assertThat(delivery(key).path("attempts").asInt()).isZero();
        }
        assertThat(dueAt(adaKey)).isEqualTo(quietHoursEnd);
        assertThat(dueAt(benKey)).isEqualTo(tokyoEvening);
        assertThat(mails(adaKey) + mails(benKey)).isZero();

        CLOCK.advanceTo(LocalTime.of(7, 0), ZoneOffset.UTC);
        await(Duration.ofMinutes(1), () -> "SENT".equals(state(adaKey)), "the send when quiet hours end");
        assertThat(Instant.parse(delivery(adaKey).path("sentAt").asString())).isAfterOrEqualTo(quietHoursEnd);
        assertThat(mails(adaKey)).isOne();
        assertThat(state(benKey)).isEqualTo("PENDING");
        assertThat(mails(benKey)).isZero();

        CLOCK.advanceTo(LocalTime.of(9, 0), ZoneOffset.UTC);
        await(Duration.ofMinutes(1), () -> "SENT".equals(state(benKey)), "the send when the window opens");
        assertThat(Instant.parse(delivery(benKey).path("sentAt").asString())).isAfterOrEqualTo(tokyoEvening);
        assertThat(mails(benKey)).isOne();
    }

    @Test
    void sendsADelayedTriggerOnlyOnceItsDelayHasPassed() throws Exception {
        ProfileSnapshot cleo = emailProfile("t-cleo");
        ProfileSnapshot firstMarker = emailProfile("t-marker-1");
        ProfileSnapshot secondMarker = emailProfile("t-marker-2");
        String smtp = emailDestination(Map.of());
        String inAnHour = trigger("in-an-hour", smtp, Map.of("delay", "PT1H"));
        String atOnce = trigger("at-once", smtp, Map.of());
        Instant entered = CLOCK.instant();

        KIT.publish(ActivationKit.entered(cleo.id(), "in-an-hour", "later-1", entered));

        String delayed = Delivery.key(cleo.id().value(), inAnHour, "later-1", "entered");
        await(Duration.ofMinutes(1), () -> "PENDING".equals(state(delayed)), "the delayed send to be stored");
        assertThat(Instant.parse(delivery(delayed).path("dueAt").asString())).isEqualTo(entered.plus(Duration.ofHours(1)));
        // an immediate send reserved after it and sent: the dispatcher has run since and left the delayed one
        sendAtOnce(firstMarker, atOnce, "marker-1");
        assertThat(state(delayed)).isEqualTo("PENDING");
        assertThat(mails(delayed)).isZero();

        CLOCK.advance(Duration.ofMinutes(50));
        sendAtOnce(secondMarker, atOnce, "marker-2");
        assertThat(state(delayed)).isEqualTo("PENDING");
        assertThat(mails(delayed)).isZero();

        CLOCK.advance(Duration.ofMinutes(10));
        await(Duration.ofMinutes(1), () -> "SENT".equals(state(delayed)), "the delayed send");
        assertThat(Instant.parse(delivery(delayed).path("sentAt").asString()))
                .isAfterOrEqualTo(entered.plus(Duration.ofHours(1)));
        assertThat(mails(delayed)).isOne();
    }

    @Test
    void aFailedSendDoesNotUseTheFrequencyCapAndIsSentWhenRetriedFromTheApiOnceTheDestinationIsFixed()
            throws Exception {
        ProfileSnapshot dora = emailProfile("t-dora");
        String wrongPassword = emailDestination(Map.of("username", "shop"), "wrong");
        String working = emailDestination(Map.of());
        String welcome = trigger("cap-welcome", wrongPassword, Map.of());
        String news = trigger("cap-news", working, Map.of());
        String refused = Delivery.key(dora.id().value(), welcome, "welcome-1", "entered");
        String first = Delivery.key(dora.id().value(), news, "news-1", "entered");
        String second = Delivery.key(dora.id().value(), news, "news-2", "entered");

        KIT.publish(ActivationKit.entered(dora.id(), "cap-welcome", "welcome-1", CLOCK.instant()));
        await(Duration.ofMinutes(1), () -> "DEAD".equals(state(refused)), "the refused send to be dead-lettered");
        KIT.publish(ActivationKit.entered(dora.id(), "cap-news", "news-1", CLOCK.instant()));
        await(Duration.ofMinutes(1), () -> "SENT".equals(state(first)), "the first news mail");
        KIT.publish(ActivationKit.entered(dora.id(), "cap-news", "news-2", CLOCK.instant()));
        await(Duration.ofMinutes(1), () -> "SKIPPED".equals(state(second)), "the second news mail to be skipped");

        Map<String, String> log = KIT.deliveries(port, "profileId=" + dora.id()).stream().collect(Collectors.toMap(
                d -> d.path("key").asString(), d -> d.path("state").asString() + ": " + d.path("reason").asString("")));
        assertThat(log).containsOnlyKeys(refused, first, second);
        assertThat(log.get(refused)).startsWith("DEAD: permanent ").contains("Authentication");
        assertThat(log.get(first)).isEqualTo("SENT: ");
        assertThat(log.get(second)).isEqualTo("SKIPPED: frequency cap of email");
        assertThat(mails(refused) + mails(first) + mails(second)).isOne();

        assertThat(KIT.call(port, "PUT", "/api/destinations/" + wrongPassword, emailDestinationBody(
                Map.of("username", "shop"), "right")).statusCode()).isEqualTo(200);
        CLOCK.advance(Duration.ofDays(1)); // the cap's window has passed
        assertThat(KIT.call(port, "POST", "/api/deliveries/" + refused + "/retry", null).statusCode()).isEqualTo(202);
        await(Duration.ofMinutes(1), () -> "SENT".equals(state(refused)), "the retried send");
        assertThat(mails(refused)).isOne();
    }

    @Test
    void opensTheCircuitOnRepeated5xxTriesOneCallWhenHalfOpenAndDeliversEverythingOnceWhenTheDestinationRecovers() {
        try (RecordingHttpServer receiver = new RecordingHttpServer()) {
            ProfileSnapshot eli = KIT.profile(profiles, "t-eli", Map.of("plan", "gold"), Map.of());
            String activation = trigger("circuit", webhook(receiver), Map.of());
            List<String> keys = IntStream.range(0, 5)
                    .mapToObj(i -> Delivery.key(eli.id().value(), activation, "circuit-" + i, "entered")).toList();
            // three failures open the circuit, the trial after the first open period fails too
            receiver.failNext(unavailable(), unavailable(), unavailable(), unavailable());

            IntStream.range(0, 5).forEach(i ->
                    KIT.publish(ActivationKit.entered(eli.id(), "circuit", "circuit-" + i, CLOCK.instant())));

            await(Duration.ofMinutes(1), () -> keys.stream().allMatch(k -> CIRCUIT_OPEN.equals(reason(k))),
                    "every delivery held back by the open circuit");
            assertThat(receiver.requests()).hasSize(3);

            CLOCK.advance(Duration.ofMinutes(10));
            await(Duration.ofMinutes(1), () -> receiver.requests().size() == 4 && keys.stream().allMatch(k ->
                    CIRCUIT_OPEN.equals(reason(k)) && dueAt(k).isAfter(CLOCK.instant().plus(Duration.ofMinutes(5)))),
                    "one trial call, failed, and every delivery held back for another open period");
            assertThat(receiver.requests()).hasSize(4);

            CLOCK.advance(Duration.ofMinutes(10));
            await(Duration.ofMinutes(1), () -> keys.stream().allMatch(k -> "SENT".equals(state(k))),
                    "every delivery once the destination is back");
            List<RecordingHttpServer.Request> requests = receiver.requests();
            assertThat(requests).hasSize(9);
            assertThat(requests.stream().filter(r -> r.status() == 200).map(r -> r.header("Idempotency-Key")))
                    .containsExactlyInAnyOrderElementsOf(keys);
            Map<String, Long> callsPerDelivery = requests.stream().collect(Collectors.groupingBy(
                    r -> r.header("Idempotency-Key"), Collectors.counting()));
            // only calls that reached the destination count as attempts; held-back ones do not
            keys.forEach(k -> assertThat(delivery(k).path("attempts").asLong()).isEqualTo(callsPerDelivery.get(k)));
        }
    }

    @Test
    void retriesA429NoSoonerThanItsRetryAfter() {
        try (RecordingHttpServer receiver = new RecordingHttpServer()) {
            ProfileSnapshot fin = KIT.profile(profiles, "t-fin", Map.of("plan", "gold"), Map.of());
            String activation = trigger("busy", webhook(receiver), Map.of());
            String key = Delivery.key(fin.id().value(), activation, "busy-1", "entered");
            receiver.failNext(new Reply(429, Map.of("Retry-After", "3600"), "{}"));

            KIT.publish(ActivationKit.entered(fin.id(), "busy", "busy-1", CLOCK.instant()));

            await(Duration.ofMinutes(1), () -> "transient DestinationException: webhook answered HTTP 429"
                    .equals(reason(key)), "the 429 to be recorded");
            JsonNode rescheduled = delivery(key);
            assertThat(dueAt(key)).isAfterOrEqualTo(Instant.parse(rescheduled.path("updatedAt").asString())
                    .plus(Duration.ofHours(1)));
            assertThat(receiver.requests()).hasSize(1);

            CLOCK.advance(Duration.ofHours(1));
            await(Duration.ofMinutes(1), () -> "SENT".equals(state(key)), "the retry after an hour");
            List<RecordingHttpServer.Request> calls = receiver.requests();
            assertThat(calls).extracting(RecordingHttpServer.Request::status).containsExactly(429, 200);
            // X-CDP-Timestamp is the app's clock at each call
            assertThat(Long.parseLong(calls.get(1).header("X-CDP-Timestamp"))
                    - Long.parseLong(calls.get(0).header("X-CDP-Timestamp"))).isGreaterThanOrEqualTo(3600);
        }
    }

    private void sendAtOnce(ProfileSnapshot profile, String activation, String entryId) {
        KIT.publish(ActivationKit.entered(profile.id(), "at-once", entryId, CLOCK.instant()));
        String key = Delivery.key(profile.id().value(), activation, entryId, "entered");
        await(Duration.ofMinutes(1), () -> "SENT".equals(state(key)), "the immediate send " + entryId);
    }

    private ProfileSnapshot emailProfile(String userId) {
        return KIT.profile(profiles, userId, Map.of("email", userId + "@example.com"), Map.of("email", true));
    }

    private String emailDestination(Map<String, String> extraSettings) {
        return emailDestination(extraSettings, null);
    }

    private String emailDestination(Map<String, String> extraSettings, String password) {
        return KIT.create(port, "/api/destinations", emailDestinationBody(extraSettings, password));
    }

    private Map<String, Object> emailDestinationBody(Map<String, String> extraSettings, String password) {
        Map<String, String> settings = new HashMap<>(Map.of("host", "127.0.0.1",
                "port", String.valueOf(SMTP.getSmtp().getPort()), "from", "shop@example.com"));
        settings.putAll(extraSettings);
        return password == null ? Map.of("name", "smtp", "kind", "EMAIL", "settings", settings)
                : Map.of("name", "smtp", "kind", "EMAIL", "settings", settings, "secrets", Map.of("password", password));
    }

    private String webhook(RecordingHttpServer receiver) {
        return KIT.create(port, "/api/destinations", Map.of("name", "hook", "kind", "WEBHOOK",
                "settings", Map.of("url", receiver.baseUrl() + "/hook"), "secrets", Map.of("signingKey", "k")));
    }

    private String trigger(String segment, String destination, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("name", segment, "segmentId", segment,
                "destinationId", destination, "mode", "TRIGGER",
                "template", Map.of("subject", "Hello", "body", "Hello {{email}}")));
        body.putAll(extra);
        return KIT.create(port, "/api/activations", body);
    }

    private static Reply unavailable() {
        return new Reply(503, Map.of(), "{}");
    }

    private JsonNode delivery(String key) {
        return KIT.delivery(port, key);
    }

    private String state(String key) {
        return delivery(key).path("state").asString("");
    }

    private String reason(String key) {
        return delivery(key).path("reason").asString("");
    }

    private Instant dueAt(String key) {
        return Instant.parse(delivery(key).path("dueAt").asString());
    }

    /** How many mails the SMTP server accepted for this delivery (by its Message-ID). */
    private static long mails(String deliveryKey) {
        return Arrays.stream(SMTP.getReceivedMessages()).map(SendRulesIT::messageId)
                .filter(("<" + deliveryKey + "@cdp.activation>")::equals).count();
    }

    private static String messageId(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
