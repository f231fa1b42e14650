package io.cdp.segmentation.membership;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MembershipUpdaterTest {

    @Test
    void aFailedEvaluationIsLoggedWithItsClassesAndFramesButNotTheProfilesValues() {
        IllegalStateException failure = new IllegalStateException("rule failed",
                new NumberFormatException("For input string: \"ana@example.com\""));

        String logged = MembershipUpdater.withoutMessages(failure);

        assertThat(logged).startsWith("java.lang.IllegalStateException at ")
                .contains(" caused by java.lang.NumberFormatException at ")
                .contains(MembershipUpdaterTest.class.getName())
                .doesNotContain("ana@example.com").doesNotContain("rule failed");
    }
}
