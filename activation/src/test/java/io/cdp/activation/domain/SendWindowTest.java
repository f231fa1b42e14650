package io.cdp.activation.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import io.cdp.platform.InvalidValueException;

class SendWindowTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void aSendInsideTheWindowGoesAtOnce() {
        SendWindow window = new SendWindow(LocalTime.of(9, 0), LocalTime.of(20, 0), BERLIN);
        Instant noonInBerlin = Instant.parse("2026-06-01T10:00:00Z");

        assertThat(window.nextAllowed(noonInBerlin)).isEqualTo(noonInBerlin);
    }

    @Test
    void aSendAfterTheWindowWaitsForTheNextMorning() {
        SendWindow window = new SendWindow(LocalTime.of(9, 0), LocalTime.of(20, 0), BERLIN);

        assertThat(window.nextAllowed(Instant.parse("2026-06-01T19:30:00Z")))
                .isEqualTo(Instant.parse("2026-06-02T07:00:00Z"));
    }

    @Test
    void quietHoursOverMidnightPostponeToTheirEnd() {
        SendWindow outside = SendWindow.outsideQuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0), ZoneId.of("UTC"));

        assertThat(outside.allows(Instant.parse("2026-06-01T21:59:00Z"))).isTrue();
        assertThat(outside.nextAllowed(Instant.parse("2026-06-01T23:00:00Z")))
                .isEqualTo(Instant.parse("2026-06-02T07:00:00Z"));
        assertThat(outside.nextAllowed(Instant.parse("2026-06-02T03:00:00Z")))
                .isEqualTo(Instant.parse("2026-06-02T07:00:00Z"));
    }

    @Test
    void anEmptyWindowIsRejectedNamingTheRule() {
        assertThatThrownBy(() -> new SendWindow(LocalTime.NOON, LocalTime.NOON, BERLIN))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.rule()).isEqualTo("nonEmpty"));
    }
}
