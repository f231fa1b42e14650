package io.cdp.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class CpuMeterTest {

    @Test
    void aChildMeasuredUnderItsOwnNameIsNotCountedForItsParentAgain() throws Exception {
        Process child = new ProcessBuilder("sleep", "30").start();
        try {
            Map<String, Long> pids = new LinkedHashMap<>();
            pids.put("client", ProcessHandle.current().pid());
            pids.put("server", child.pid());
            CpuMeter meter = new CpuMeter(pids);

            assertThat(meter.processesOf("client")).contains(ProcessHandle.current())
                    .doesNotContain(child.toHandle());
            assertThat(meter.processesOf("server")).containsExactly(child.toHandle());
            // alone, the parent counts its children: Elasticsearch below runuser is counted for Elasticsearch
            assertThat(new CpuMeter(Map.of("client", ProcessHandle.current().pid())).processesOf("client"))
                    .contains(child.toHandle());
            assertThat(meter.read().used()).containsOnlyKeys("client", "server");
        } finally {
            child.destroy();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
