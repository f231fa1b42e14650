package io.cdp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.cdp.bench.http.ElasticsearchHttp;
import io.cdp.bench.http.PlatformClient;
import io.cdp.bench.stack.AppProcess;
import io.cdp.localstack.Ports;
import io.cdp.localstack.TestStack;

/**
 * The demo end to end: the packaged app as a child process on the real test stack, a small
 * seeded data set through the public API, and the profiles it built compared with the
 * union-find expectation worked out from the data set alone.
 */
class DemoIT {

    private static final String ADMIN_PASSWORD = UUID.randomUUID().toString();

    private static AppProcess app;
    private static ElasticsearchHttp elasticsearch;

    @BeforeAll
    static void startApp() throws Exception {
        TestStack stack = TestStack.get();
        elasticsearch = new ElasticsearchHttp(stack.elasticsearchUrl());
        app = AppProcess.start(Path.of("../app/target/cdp-app.jar"), "512m", stack.elasticsearchUrl(),
                stack.kafkaBootstrapServers(), Ports.free(), ADMIN_PASSWORD, Files.createTempDirectory("cdp-demo-it"));
        app.awaitUp(new PlatformClient(app.url(), "admin", ADMIN_PASSWORD), Duration.ofMinutes(3));
    }

    @AfterAll
    static void stopAppAndDropItsIndices() throws Exception {
        if (app != null) {
            app.close();
        }
        elasticsearch.deleteIndex("cdp-*");
    }

    @Test
    void replaysTheSeededDataSetIntoOneProfilePerPersonWithAllOrdersAndRevenue() throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Demo.Outcome outcome = Demo.run(Demo.Options.parse(new String[] {"--url", app.url(), "--events", "600",
                "--seed", "5", "--admin-password", ADMIN_PASSWORD, "--elasticsearch-url", TestStack.get().elasticsearchUrl(),
                "--wait-seconds", "60"}), new PrintStream(output, true, StandardCharsets.UTF_8));
        // the report is what a developer reads when the comparison below fails
        System.out.print(output.toString(StandardCharsets.UTF_8));

        assertThat(outcome.accepted()).isEqualTo(600);
        assertThat(outcome.built().profiles()).isEqualTo(outcome.expected().people());
        assertThat(outcome.built().known()).isEqualTo(outcome.expected().known());
        assertThat(outcome.built().merged()).isPositive();
        assertThat(outcome.built().orders()).isEqualTo(outcome.expected().orders());
        assertThat(outcome.built().revenue()).isEqualByComparingTo(outcome.expected().reportingRevenue());
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("What the platform built").contains("top traits");
    }
}
