package io.cdp.bench.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.junit.jupiter.api.Test;

class SessionOrderTest {

    private static final List<Call> CALLS = DemoDataGenerator.generate(11, 5_000, Instant.parse("2026-11-01T00:00:00Z"))
            .calls();

    @Test
    void keepsEveryCallOnce() {
        List<Call> ordered = SessionOrder.of(CALLS);

        assertThat(ordered).hasSize(CALLS.size()).containsExactlyInAnyOrderElementsOf(CALLS);
    }

    @Test
    void deliversEachDevicesSessionAsOneBurstInTimestampOrder() {
        List<Call> ordered = SessionOrder.of(CALLS);

        Map<String, Integer> lastPosition = new HashMap<>();
        int bursts = 0;
        for (int i = 0; i < ordered.size(); i++) {
            Call call = ordered.get(i);
            Integer last = lastPosition.put(device(call), i);
            if (last == null) {
                bursts++;
                continue;
            }
            Call previous = ordered.get(last);
            assertThat(call.timestamp()).isAfterOrEqualTo(previous.timestamp());
            if (Duration.between(previous.timestamp(), call.timestamp()).compareTo(Duration.ofMinutes(30)) <= 0) {
                // the same session: right after the device's previous call
                assertThat(last).isEqualTo(i - 1);
            } else {
                bursts++;
            }
        }
        // the demo's web sessions hold a few page views and product views each
        assertThat((double) ordered.size() / bursts).isGreaterThan(2.5);
    }

    @Test
    void sessionsFollowTheOrderOfTheirFirstCall() {
        List<Call> ordered = SessionOrder.of(CALLS);

        Instant previousStart = Instant.MIN;
        for (int i = 0; i < ordered.size(); i++) {
            if (i == 0 || !device(ordered.get(i - 1)).equals(device(ordered.get(i)))) {
                assertThat(ordered.get(i).timestamp()).isAfterOrEqualTo(previousStart);
                previousStart = ordered.get(i).timestamp();
            }
        }
    }

    private static String device(Call call) {
        return Objects.toString(call.message().get("anonymousId"));
    }
}
