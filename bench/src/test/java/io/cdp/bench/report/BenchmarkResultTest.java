package io.cdp.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class BenchmarkResultTest {

    @Test
    void judgesEachFigureAgainstItsTarget() {
        BenchmarkResult result = new BenchmarkResult(100_000, 3.25, 9_000, 6_000, 10_000, 1_000, 30_000, 120, 1_400,
                300L * 1024 * 1024, OptionalLong.of(700L * 1024 * 1024),
                cpu(Duration.ofSeconds(10), 60_000, Map.of("Elasticsearch", 12.0, "app", 6.0)),
                cpu(Duration.ofSeconds(5), 50_000, Map.of("Elasticsearch", 8.0, "benchmark client", 2.0)));

        assertThat(result.ratio()).isEqualTo(0.6);
        String report = result.render();
        assertThat(report).containsPattern("accepted -> stored in ES, events/s +6,000 +>= 5,000 +met");
        assertThat(report).containsPattern("ratio pipeline / raw bulk +0.60 +>= 0.40 +met");
        assertThat(report).containsPattern("events per profile per consumer batch +3.25");
        assertThat(report).containsPattern("latency p99 at 1,000 events/s +1400 ms +<= 1,000 ms +MISSED");
        assertThat(report).containsPattern("app peak heap used \\(sampled\\) +300 MB +<= 512 MB +met");
        assertThat(report).containsPattern("app peak RSS \\(VmHWM\\) +700 MB");
        // 12 CPU-s for 60,000 events is 200 µs each, on 1.2 of the machine's cores
        assertThat(report).containsPattern("Elasticsearch +200 µs/event +1.20 cores")
                .containsPattern("all +300 µs/event +1.80 cores")
                .containsPattern("Elasticsearch +160 µs/doc +1.60 cores")
                .containsPattern("all +200 µs/doc +2.00 cores");
        // the baseline's 200 µs per document over Elasticsearch's 200 µs per event
        assertThat(result.ratioCeiling()).isEqualTo(1.0);
    }

    private static CpuUse cpu(Duration wall, long units, Map<String, Double> seconds) {
        Map<String, Duration> used = new LinkedHashMap<>();
        seconds.forEach((process, s) -> used.put(process, Duration.ofMillis(Math.round(s * 1000))));
        return new CpuUse(used, wall, units);
    }

    @Test
    void saysUnknownWhenMemoryCouldNotBeRead() {
        BenchmarkResult result = new BenchmarkResult(10, -1, 1, 1, 0, 1_000, 1, 1, 1, -1, OptionalLong.empty(),
                cpu(Duration.ofSeconds(1), 10, Map.of()), cpu(Duration.ofSeconds(1), 10, Map.of()));

        assertThat(result.ratio()).isZero();
        assertThat(result.render()).containsPattern("app peak heap used \\(sampled\\) +unknown +<= 512 MB +unknown")
                .containsPattern("app peak RSS \\(VmHWM\\) +unknown")
                .containsPattern("events per profile per consumer batch +unknown");
    }
}
