package io.cdp.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.junit.jupiter.api.Test;

class ArgumentsTest {

    private static final Set<String> KNOWN = Set.of("url", "events");

    @Test
    void readsSpaceAndEqualsSeparatedOptionsWithDefaultsForTheRest() {
        Arguments arguments = Arguments.parse(new String[] {"--url", "http://host:1", "--events=10_000"}, KNOWN);

        assertThat(arguments.text("url", "x")).isEqualTo("http://host:1");
        assertThat(arguments.number("events", 5, 1)).isEqualTo(10_000);
        assertThat(Arguments.parse(new String[0], KNOWN).number("events", 5, 1)).isEqualTo(5);
    }

    @Test
    void rejectsUnknownOptionsMissingValuesAndBadNumbers() {
        assertThatThrownBy(() -> Arguments.parse(new String[] {"--evnts", "1"}, KNOWN))
                .hasMessageContaining("unknown option --evnts");
        assertThatThrownBy(() -> Arguments.parse(new String[] {"--events"}, KNOWN))
                .hasMessageContaining("--events needs a value");
        assertThatThrownBy(() -> Arguments.parse(new String[] {"events"}, KNOWN))
                .hasMessageContaining("unexpected argument 'events'");
        assertThatThrownBy(() -> Arguments.parse(new String[] {"--events", "many"}, KNOWN).number("events", 1, 1))
                .hasMessageContaining("must be a whole number");
        assertThatThrownBy(() -> Arguments.parse(new String[] {"--events", "0"}, KNOWN).number("events", 1, 1))
                .hasMessageContaining("must be at least 1");
    }
}
