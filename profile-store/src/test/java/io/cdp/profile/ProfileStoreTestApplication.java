package io.cdp.profile;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The profile store alone, for integration tests and the kill -9 child process. */
@SpringBootApplication
public class ProfileStoreTestApplication {

    /** What the app's actuator provides: the store's counters become readable by the tests. */
    @Bean
    MeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }

    public static void main(String[] args) {
        SpringApplication.run(ProfileStoreTestApplication.class, args);
    }
}
