package io.cdp.activation;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

import io.cdp.profile.ProfileStoreConfiguration;

/** Activation with the real profile store, for integration tests and the kill -9 child process. */
@SpringBootApplication
@Import(ProfileStoreConfiguration.class)
public class ActivationTestApplication {

    public static void main(String[] args) {
        SpringApplication.run(ActivationTestApplication.class, args);
    }
}
