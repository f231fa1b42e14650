package io.cdp.reporting.compute;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SurvivorsTest {

    /** a → b → c (a merged into b, later b into c); x → y. */
    private final Survivors survivors = new Survivors(Map.of("a", "b", "b", "c", "x", "y"));

    @Test
    void aMergedProfileLeadsToItsLiveSurvivorThroughEveryMerge() {
        assertThat(survivors.of("a")).isEqualTo("c");
        assertThat(survivors.of("b")).isEqualTo("c");
        assertThat(survivors.of("c")).isEqualTo("c");
        assertThat(survivors.of("never-merged")).isEqualTo("never-merged");
    }

    @Test
    void theProfilesAPersonsEventsWereAppliedToAreTheSurvivorAndAllMergedIntoIt() {
        assertThat(survivors.appliedTo(Set.of("c"))).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(survivors.appliedTo(Set.of("y", "z"))).containsExactlyInAnyOrder("x", "y", "z");
        assertThat(survivors.appliedTo(Set.of())).isEmpty();
    }
}
