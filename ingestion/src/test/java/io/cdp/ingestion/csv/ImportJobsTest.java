package io.cdp.ingestion.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.cdp.ingestion.OrderHistoryWindows;

/**
 * What the import page polls while an upload runs: the job held half-way by the importer (a latch the test
 * opens, never a sleep) reports itself running with the rows done below the file's rows, then finished; a
 * snapshot a page renders keeps its one moment.
 */
class ImportJobsTest {

    private final CountDownLatch halfWay = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    /** Reports half of the rows done, then waits for the test before finishing the rest. */
    private final CsvImporter heldImporter = new CsvImporter(null, null, null, null, null, Clock.systemUTC(), 1,
            OrderHistoryWindows.NONE) {
        @Override
        public ImportReport importCsv(ImportRequest request, Reader csv, long totalRows, Progress progress) {
            progress.update(totalRows / 2, totalRows, 0);
            halfWay.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            progress.update(totalRows, totalRows, 0);
            return new ImportReport("rates", null, totalRows, totalRows, 0, List.of(), 0, 0, 0, 0, null, null, null);
        }
    };

    @Test
    void aRunningImportShowsRowsDoneBelowItsTotalUntilItFinishes() throws Exception {
        try (ImportJobs jobs = new ImportJobs(heldImporter, null, null, null, Clock.systemUTC(), 1, 5)) {
            StringBuilder csv = new StringBuilder("date,base,quote,rate\n");
            for (int day = 1; day <= 10; day++) {
                csv.append("2026-11-").append(String.format("%02d", day)).append(",EUR,USD,1.08\n");
            }
            ImportJobs.Job job = jobs.start(ImportJobs.Kind.RATES, null, null, null, null, null, "rates.csv",
                    new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)));
            assertThat(halfWay.await(30, TimeUnit.SECONDS)).isTrue();

            ImportJobs.Job running = jobs.find(job.id()).orElseThrow();
            assertThat(running.finished()).isFalse();
            assertThat(running.done()).isEqualTo(5);
            assertThat(running.total()).isEqualTo(10);
            assertThat(running.percent()).isEqualTo(50);
            assertThat(running.report()).isNull();

            release.countDown();
            ImportJobs.Job finished = jobs.find(job.id()).orElseThrow();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!finished.finished() && System.nanoTime() < deadline) {
                Thread.sleep(10); // the job's thread records the end right after the importer returns
                finished = jobs.find(job.id()).orElseThrow();
            }
            assertThat(finished.finished()).isTrue();
            assertThat(finished.percent()).isEqualTo(100);
            assertThat(finished.failure()).isNull();
            assertThat(finished.accepted()).isEqualTo(10);
            assertThat(running.finished()).as("a page renders one moment of the import").isFalse();
            assertThat(running.percent()).isEqualTo(50);
        } finally {
            release.countDown();
        }
    }
}
