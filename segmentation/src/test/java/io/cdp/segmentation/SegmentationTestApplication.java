package io.cdp.segmentation;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

import io.cdp.profile.ProfileStoreConfiguration;

/** Segmentation on the profile store (its event consumer off), for integration tests. */
@SpringBootApplication
@Import(ProfileStoreConfiguration.class)
public class SegmentationTestApplication {

    public static void main(String[] args) {
        SpringApplication.run(SegmentationTestApplication.class, args);
    }
}
