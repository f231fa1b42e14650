package io.cdp.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class BenchmarkResultTest {

    @Test
    void judgesEachFigureAgainstItsTarget() {
        BenchmarkResult result = new BenchmarkResult(100_000, 9_000, 6_000, 10_000, 1_000, 30_000, 120, 1_400,
                300L * 1024 * 1024, OptionalLong.of(700L * 1024 * 1024));

        assertThat(result.ratio()).isEqualTo(0.6);
        String report = result.render();
        assertThat(report).containsPattern("accepted -> stored in ES, events/s +6,000 +>= 5,000 +met");
        assertThat(report).containsPattern("ratio pipeline / raw bulk +0.60 +>= 0.50 +met");
        assertThat(report).containsPattern("latency p99 at 1,000 events/s +1400 ms +<= 1,000 ms +MISSED");
        assertThat(report).containsPattern("app peak heap used \\(sampled\\) +300 MB +<= 512 MB +met");
        assertThat(report).containsPattern("app peak RSS \\(VmHWM\\) +700 MB");
    }

    @Test
    void saysUnknownWhenMemoryCouldNotBeRead() {
        BenchmarkResult result = new BenchmarkResult(10, 1, 1, 0, 1_000, 1, 1, 1, -1, OptionalLong.empty());

        assertThat(result.ratio()).isZero();
        assertThat(result.render()).containsPattern("app peak heap used \\(sampled\\) +unknown +<= 512 MB +unknown")
                .containsPattern("app peak RSS \\(VmHWM\\) +unknown");
    }
}
