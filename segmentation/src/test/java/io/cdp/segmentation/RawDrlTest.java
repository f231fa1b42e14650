package io.cdp.segmentation;

import io.cdp.segmentation.drl.DrlCompiler;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class RawDrlTest {

    private static ProfileFacts profile(boolean known, Map<String, Object> traits) {
        return new ProfileFacts("p", known, traits, null, true, Map.of(), Set.of(), Map.of());
    }

    @Test
    void rawDrlIsRefusedByDefault() {
        Evaluator evaluator = Evaluator.create(Clock.systemUTC(), ZoneOffset.UTC);

        assertThatThrownBy(() -> evaluator.define(new Definitions(List.of(
                new SegmentDefinition("raw", "raw", null, "ProfileFacts( known )")), List.of(), List.of())))
                .isInstanceOf(InvalidDefinitionsException.class)
                .hasMessage("$.segments[0].drl: raw DRL segments are disabled");
    }

    @Test
    void enabledRawDrlSegmentsEvaluateAlongsideTreeSegments() {
        Evaluator evaluator = new Evaluator(Clock.systemUTC(), ZoneOffset.UTC, true, DrlCompiler.Threads.MANY);
        evaluator.define(new Definitions(List.of(
                new SegmentDefinition("raw-known", "raw", null, "    ProfileFacts( known == true )"),
                SegmentDefinition.of("not-raw-known", "tree", new Condition.Not(new Condition.InSegment("raw-known")))),
                List.of(), List.of()));

        assertThat(evaluator.evaluate(profile(true, Map.of())).segments()).containsExactly("raw-known");
        assertThat(evaluator.evaluate(profile(false, Map.of())).segments()).containsExactly("not-raw-known");
    }

    @Test
    void rawDrlCompileErrorsNameTheSegmentAndTheLineWithinItsDrl() {
        Evaluator evaluator = new Evaluator(Clock.systemUTC(), ZoneOffset.UTC, true, DrlCompiler.Threads.MANY);

        List<DefinitionError> errors = catchThrowableOfType(InvalidDefinitionsException.class,
                () -> evaluator.define(new Definitions(List.of(
                        SegmentDefinition.of("fine", "fine", new Condition.HasEmail()),
                        new SegmentDefinition("broken", "raw", null,
                                "    ProfileFacts( known == true )\n    ProfileFacts( noSuchField > 3 )")),
                        List.of(), List.of()))).errors();

        assertThat(errors).isNotEmpty().allSatisfy(e -> {
            assertThat(e.path()).isEqualTo("$.segments[1].drl");
            assertThat(e.rule()).isEqualTo("drl.compile");
            assertThat(e.message()).startsWith("line 2: ");
        });
    }

    @Test
    void marketerInputNeverBecomesDrlSource() {
        Evaluator evaluator = Evaluator.create(Clock.systemUTC(), ZoneOffset.UTC);
        String hostile = "\") || true || java.lang.System.exit(1) || (\"";
        evaluator.define(new Definitions(List.of(SegmentDefinition.of("quoted", "q",
                new Condition.Trait(hostile, Condition.Op.EQUALS, hostile))), List.of(), List.of()));

        assertThat(evaluator.evaluate(profile(true, Map.of("country", "DE"))).segments()).isEmpty();
        assertThat(evaluator.evaluate(profile(true, Map.of(hostile, hostile))).segments()).containsExactly("quoted");
    }
}
