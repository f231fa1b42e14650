package io.cdp.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessMemoryTest {

    @Test
    void readsPeakResidentSetFromProcStatus() {
        String status = "Name:\tjava\nVmPeak:\t 4000000 kB\nVmHWM:\t  524288 kB\nVmRSS:\t  400000 kB\n";

        assertThat(ProcessMemory.parseKilobytes(status, "VmHWM")).hasValue(512L * 1024 * 1024);
        assertThat(ProcessMemory.parseKilobytes(status, "VmSwap")).isEmpty();
    }

    @Test
    void readsThisProcesssOwnPeakOnLinux() {
        assertThat(ProcessMemory.peakRssBytes(ProcessHandle.current().pid()).orElseThrow()).isPositive();
    }
}
