package io.cdp.activation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ActivationPropertiesTest {

    @EnableConfigurationProperties(ActivationProperties.class)
    static class Binding {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Binding.class);

    @Test
    void defaultsFollowThePlatformLimitsWhenNothingIsConfigured() {
        runner.run(context -> {
            ActivationProperties properties = context.getBean(ActivationProperties.class);
            assertThat(properties.limits().metaRows()).isEqualTo(10_000);
            assertThat(properties.limits().googleIdentifiers()).isEqualTo(100_000);
            assertThat(properties.limits().crmInputs()).isEqualTo(100);
            assertThat(properties.frequencyCaps()).isEqualTo(Map.of("email", 3));
            assertThat(properties.onPermanentFailure()).isEqualTo(ActivationProperties.FailureBehaviour.DEAD_LETTER);
            assertThat(properties.quietHours()).isNull();
        });
    }

    @Test
    void oneOverriddenLimitKeepsTheOtherDefaults() {
        runner.withPropertyValues("cdp.activation.limits.meta-rows=1", "cdp.activation.frequency-caps.sms=1")
                .run(context -> {
                    ActivationProperties properties = context.getBean(ActivationProperties.class);
                    assertThat(properties.limits().metaRows()).isEqualTo(1);
                    assertThat(properties.limits().googleIdentifiers()).isEqualTo(100_000);
                    assertThat(properties.frequencyCaps()).isEqualTo(Map.of("sms", 1));
                });
    }
}
