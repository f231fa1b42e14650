package io.cdp.profile;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The profile store alone, for integration tests and the kill -9 child process. */
@SpringBootApplication
public class ProfileStoreTestApplication {

    public static void main(String[] args) {
        SpringApplication.run(ProfileStoreTestApplication.class, args);
    }
}
