package io.cdp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cdp.bench.data.DataSetFacts;
import io.cdp.bench.data.DemoData;
import io.cdp.bench.data.DemoDataGenerator;
import io.cdp.bench.data.Source;
import io.cdp.bench.http.ElasticsearchHttp;
import io.cdp.bench.http.PlatformClient;
import io.cdp.bench.http.Replayer;
import io.cdp.bench.report.ProfileCensus;

/**
 * The README's first set-up command, {@code ./cdp start}, as a user runs it: Elasticsearch, Kafka
 * and the app come up on the given ports with all data under one directory; Ctrl-C stops all three
 * and exits as a program ended by the signal does (130); a second start finds everything again,
 * including events accepted just before the stop that the app had not consumed yet (Kafka's log is
 * persistent).
 */
class CdpStartIT {

    private CdpScript cdp;

    @BeforeEach
    void temporaryDataDirectoryAndFreePorts() throws IOException {
        cdp = new CdpScript("cdp-start-it");
    }

    @AfterEach
    void stopWhatIsStillRunningAndDeleteTheData() throws InterruptedException {
        cdp.close();
    }

    @Test
    void startsAllThreeStopsThemOnCtrlCAndARestartStoresEveryEventAcceptedBeforeTheStop() throws Exception {
        // the CRM export goes through CSV import, not the HTTP calls sent here: leave it out of the expectation
        DemoData data = new DemoData(DemoDataGenerator.generate(11, 1_500,
                Instant.now().truncatedTo(ChronoUnit.DAYS)).calls(), List.of());
        DataSetFacts expected = DataSetFacts.of(data);

        Process running = cdp.start();
        PlatformClient admin = cdp.awaitUp();
        Map<Source, String> writeKeys = new EnumMap<>(Source.class);
        for (Source source : List.of(Source.WEB, Source.APP, Source.POS)) {
            writeKeys.put(source, admin.createSource(source.sourceName()));
        }
        assertThat(admin.importRates(data.ratesCsv()).path("rejected").asLong()).isZero();
        // Ctrl-C right after the last answer, while the app may still be consuming what it accepted
        long accepted = new Replayer(admin, writeKeys, 100, 4).replay(data.calls(), sent -> { });
        assertThat(accepted).isEqualTo(data.calls().size());
        List<ProcessHandle> children = running.descendants().toList();
        // Elasticsearch (under runuser when run as root), Kafka and the app
        assertThat(children).hasSizeGreaterThanOrEqualTo(3);

        int signal = cdp.stopLikeCtrlC();
        assertThat(running.waitFor(3, TimeUnit.MINUTES)).as("stopped within 3 minutes; see %s", cdp.log()).isTrue();
        // what a shell reports for a program that ended on the signal's shutdown: 130 for Ctrl-C
        assertThat(running.exitValue()).as("exit code; see %s", cdp.log()).isEqualTo(128 + signal);
        assertThat(children).noneMatch(ProcessHandle::isAlive);
        assertThat(Files.readString(cdp.log())).contains("[cdp] stopped");

        running = cdp.start();
        cdp.awaitUp();
        ElasticsearchHttp elasticsearch = cdp.elasticsearch();
        assertThat(elasticsearch.awaitCount(Demo.EVENTS_INDICES, accepted, Duration.ofMinutes(1), count -> { }))
                .isEqualTo(accepted);
        ProfileCensus census = new ProfileCensus();
        elasticsearch.refresh(Demo.PROFILES_INDEX);
        elasticsearch.scan(Demo.PROFILES_INDEX, Map.of("match_all", Map.of()), List.of("*"),
                hit -> census.add(hit.path("_source")));
        assertThat(census.profiles()).isEqualTo(expected.people());
        assertThat(census.orders()).isEqualTo(expected.orders());
        assertThat(census.revenue()).isEqualByComparingTo(expected.reportingRevenue());

        signal = cdp.stopLikeCtrlC();
        assertThat(running.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(running.exitValue()).isEqualTo(128 + signal);
    }
}
