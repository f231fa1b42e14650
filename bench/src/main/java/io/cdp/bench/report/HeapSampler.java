package io.cdp.bench.report;

import java.io.IOException;

import io.cdp.bench.http.PlatformClient;

/** Samples the app's heap twice a second and keeps the peak. */
public final class HeapSampler extends Thread {

    private final PlatformClient platform;
    private volatile long peak = -1;

    public HeapSampler(PlatformClient platform) {
        super("heap-sampler");
        setDaemon(true);
        this.platform = platform;
    }

    @Override
    public void run() {
        while (!isInterrupted()) {
            try {
                peak = Math.max(peak, platform.heapUsedBytes());
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException sampleMissed) {
                // one missed sample under load does not change the peak much; keep sampling
            }
        }
    }

    public long peak() {
        return peak;
    }
}
