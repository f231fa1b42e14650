package io.cdp.activation;

import static io.cdp.activation.ActivationKit.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;

import io.cdp.profile.ProfileSnapshot;

/**
 * A context stopped and started again (Spring pauses cached test contexts this way; an operator's
 * lifecycle restart does the same) keeps sending: the dispatch loop restarts on live send workers.
 */
class DispatchRestartIT extends ActivationItSupport {

    private static final ActivationKit KIT = new ActivationKit("restart");
    private static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    @Autowired
    private ConfigurableApplicationContext context;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        KIT.register(registry);
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

    @Test
    void anEmailTriggerStillSendsAfterTheContextIsStoppedAndStartedAgain() throws Exception {
        ProfileSnapshot carol = KIT.profile(profiles, "u-carol", Map.of("email", "carol@example.com",
                "firstName", "Carol"), Map.of("email", true));
        String destination = KIT.create(port, "/api/destinations", Map.of("name", "smtp", "kind", "EMAIL",
                "settings", Map.of("host", "127.0.0.1", "port", String.valueOf(SMTP.getSmtp().getPort()),
                        "from", "shop@example.com")));
        KIT.create(port, "/api/activations", Map.of("name", "after restart", "segmentId", "restart",
                "destinationId", destination, "mode", "TRIGGER",
                "template", Map.of("subject", "Welcome back {{firstName}}", "body", "Hello")));
        // the HTTP API is not used from here on: a restarted web server may listen on another random port
        context.stop();
        context.start();
        KIT.publish(ActivationKit.entered(carol.id(), "restart", "entry-c1"));

        await(Duration.ofMinutes(1), () -> SMTP.getReceivedMessages().length == 1, "the email after the restart");
        assertThat(SMTP.getReceivedMessages()[0].getSubject()).isEqualTo("Welcome back Carol");
    }
}
