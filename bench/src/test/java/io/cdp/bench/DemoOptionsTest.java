package io.cdp.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DemoOptionsTest {

    @Test
    void readsTheOptionsTheCdpScriptPasses() {
        Demo.Options options = Demo.Options.parse(new String[] {"--url", "http://127.0.0.1:18080", "--events", "5000",
                "--seed", "9", "--admin-user", "ops", "--admin-password", "s3cret", "--wait-seconds", "30"});

        assertThat(options.url()).isEqualTo("http://127.0.0.1:18080");
        assertThat(options.events()).isEqualTo(5000);
        assertThat(options.seed()).isEqualTo(9);
        assertThat(options.adminUser()).isEqualTo("ops");
        assertThat(options.adminPassword()).isEqualTo("s3cret");
        assertThat(options.patience()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.batchSize()).isEqualTo(100);
    }

    @Test
    void importSummaryShowsOnlyCountersNeverRowDetails() {
        JsonNode report = JsonMapper.builder().build().readTree("""
                {"imported":98,"rejected":2,"errors":[{"row":3,"email":"ada@example.com","reason":"bad phone"}]}""");

        assertThat(Demo.counts(report)).isEqualTo("imported 98, rejected 2");
    }

    @Test
    void rejectsAZeroEventDemo() {
        assertThatThrownBy(() -> Demo.Options.parse(new String[] {"--events", "0"}))
                .hasMessageContaining("--events must be at least 1");
    }
}
