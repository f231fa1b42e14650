package io.cdp.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class ImportBenchmarkOptionsTest {

    @Test
    void defaultsImportAMillionLinesWithAQuarterGigabyteHeap() {
        ImportBenchmark.Options options = ImportBenchmark.Options.parse(new String[0]);

        assertThat(options.lines()).isEqualTo(1_000_000);
        assertThat(options.importHeap()).isEqualTo("256m");
        assertThat(options.appHeap()).isEqualTo("512m");
    }

    @Test
    void readsOverrides() {
        ImportBenchmark.Options options = ImportBenchmark.Options.parse(new String[] {"--lines", "100_000",
                "--import-heap=128m", "--seed", "7"});

        assertThat(options.lines()).isEqualTo(100_000);
        assertThat(options.importHeap()).isEqualTo("128m");
        assertThat(options.seed()).isEqualTo(7);
    }

    @Test
    void rejectsUnknownOptionsAndZeroLines() {
        assertThatThrownBy(() -> ImportBenchmark.Options.parse(new String[] {"--rows", "4"}))
                .hasMessageContaining("unknown option --rows");
        assertThatThrownBy(() -> ImportBenchmark.Options.parse(new String[] {"--lines", "0"}))
                .hasMessageContaining("--lines must be at least 1");
    }

    @Test
    void readsTheImportersHeapFromItsGcLog() {
        ImportBenchmark.HeapUse heap = ImportBenchmark.HeapUse.fromGcLog(List.of(
                "[0.412s][info][gc] Using G1",
                "[1.234s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->3M(256M) 3.456ms",
                "[9.876s][info][gc] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 140M->41M(256M) 9.001ms",
                "[12.000s][info][gc] GC(2) Pause Remark 60M->38M(256M) 1.000ms"));

        assertThat(heap.collections()).isEqualTo(3);
        assertThat(heap.peakBytes()).isEqualTo(140L << 20);
        assertThat(heap.peakAfterGcBytes()).isEqualTo(41L << 20);
    }
}
