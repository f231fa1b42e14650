package io.cdp.profile;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.cdp.profile.web.ProfileQueries;

/** Randomized, concurrent input against a union-find oracle: profiles are the connected components. */
@SpringBootTest(classes = ProfileStoreTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
@DirtiesContext
class IdentityResolutionOracleIT {

    private static final TestKit KIT = new TestKit("oracle", 4);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        KIT.register(registry, 4);
        registry.add("cdp.profile.max-poll-records", () -> "20");
    }

    @Autowired
    ProfileQueries queries;

    @AfterAll
    static void cleanUp() {
        KIT.cleanUp();
    }

    @Test
    void concurrentConsumersBuildOneProfilePerConnectedComponent() {
        IdentityOracle oracle = new IdentityOracle(42, 120, "or");
        KIT.send(KIT.producer(), oracle.events);
        TestKit.await(Duration.ofMinutes(4), () -> KIT.timelineCount() == oracle.events.size(),
                oracle.events.size() + " timeline events");
        oracle.verify(queries, KIT);
    }
}
