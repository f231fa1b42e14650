package io.cdp.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class IngestBenchmarkOptionsTest {

    @Test
    void defaultsMatchTheTargetsPhases() {
        IngestBenchmark.Options options = IngestBenchmark.Options.parse(new String[0]);

        assertThat(options.events()).isEqualTo(100_000);
        assertThat(options.rate()).isEqualTo(1_000);
        assertThat(options.appHeap()).isEqualTo("512m");
        assertThat(options.appJar()).isEqualTo(Path.of("app/target/cdp-app.jar"));
        assertThat(options.mix()).isEqualTo(IngestBenchmark.Mix.SESSIONS);
    }

    @Test
    void readsOverrides() {
        IngestBenchmark.Options options = IngestBenchmark.Options.parse(new String[] {"--events", "20000", "--rate=500",
                "--latency-seconds", "10", "--keep-data", "true", "--mix", "timestamps"});

        assertThat(options.events()).isEqualTo(20_000);
        assertThat(options.rate()).isEqualTo(500);
        assertThat(options.latencySeconds()).isEqualTo(10);
        assertThat(options.keepData()).isTrue();
        assertThat(options.mix()).isEqualTo(IngestBenchmark.Mix.TIMESTAMPS);
    }

    @Test
    void rejectsUnknownOptions() {
        assertThatThrownBy(() -> IngestBenchmark.Options.parse(new String[] {"--threads", "4"}))
                .hasMessageContaining("unknown option --threads");
    }
}
