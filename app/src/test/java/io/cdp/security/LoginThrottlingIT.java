package io.cdp.security;

import static io.cdp.AppTestSupport.ADMIN_PASSWORD;
import static io.cdp.AppTestSupport.basic;
import static io.cdp.AppTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import io.cdp.AppIntegrationTest;

/**
 * Failed logins over real HTTP Basic. Its own application context (the property below differs), closed
 * afterwards, so that the failures counted for 127.0.0.1 here cannot throttle the other tests' logins.
 */
@TestPropertySource(properties = "cdp.security.login.max-lock=15m")
@DirtiesContext
class LoginThrottlingIT extends AppIntegrationTest {

    private final String admin = basic("admin", ADMIN_PASSWORD);

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void fiveWrongPasswordsLockTheUserWith429AndRetryAfterWhileOthersSignIn() throws Exception {
        String target = createUser("target");
        double failuresBefore = count("cdp.security.login.failures");
        double throttledBefore = count("cdp.security.login.throttled");
        for (int i = 0; i < 5; i++) {
            assertThat(call(port, "GET", "/api/segments", basic(target, "wrong-" + i), null).statusCode())
                    .isEqualTo(401);
        }

        var locked = call(port, "GET", "/api/segments", basic(target, "target-password"), null);

        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 60L));
        assertThat(locked.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(locked.body()).contains("\"status\":429").doesNotContain(target);
        assertThat(call(port, "GET", "/api/segments", admin, null).statusCode()).isEqualTo(200);
        assertThat(count("cdp.security.login.failures") - failuresBefore).isEqualTo(5);
        assertThat(count("cdp.security.login.throttled") - throttledBefore).isEqualTo(1);
    }

    @Test
    void aSuccessfulLoginResetsTheUsersCount() throws Exception {
        String forgetful = createUser("forgetful");
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 4; i++) {
                assertThat(call(port, "GET", "/api/segments", basic(forgetful, "wrong"), null).statusCode())
                        .isEqualTo(401);
            }
            assertThat(call(port, "GET", "/api/segments", basic(forgetful, "target-password"), null).statusCode())
                    .isEqualTo(200);
        }
    }

    private String createUser(String prefix) throws Exception {
        String name = prefix + "-" + run;
        assertThat(call(port, "POST", "/api/admin/users", admin, "{\"username\":\"" + name
                + "\",\"password\":\"target-password\",\"role\":\"VIEWER\"}").statusCode()).isEqualTo(201);
        return name;
    }

    /** The counter as {@code /actuator/metrics} shows it. */
    private double count(String metric) throws Exception {
        var response = call(port, "GET", "/actuator/metrics/" + metric, admin, null);
        assertThat(response.statusCode()).isEqualTo(200);
        Matcher value = Pattern.compile("\"statistic\":\"COUNT\",\"value\":([0-9.E]+)").matcher(response.body());
        assertThat(value.find()).isTrue();
        return Double.parseDouble(value.group(1));
    }
}
