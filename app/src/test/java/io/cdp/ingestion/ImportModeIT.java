package io.cdp.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.scheduling.config.ScheduledTaskHolder;

import io.cdp.AppTestSupport;
import io.cdp.CdpApplication;
import io.cdp.ingestion.csv.ImportCommand;
import io.cdp.localstack.TestStack;

/**
 * The import command on the app's real configuration, as {@code ./cdp import} starts it: all
 * modules, no web server. It used to fail at start-up on the web security's {@code HttpSecurity}
 * and would have started every consumer, the dispatcher and the timers of the platform.
 */
@ExtendWith(OutputCaptureExtension.class)
class ImportModeIT {

    @Test
    void importsWithTheAppsConfigurationAndStartsNoConsumerTimerOrJob(@TempDir Path dir, CapturedOutput output)
            throws Exception {
        String sourceId = "pos-" + UUID.randomUUID().toString().substring(0, 8);
        Path orders = Files.writeString(dir.resolve("orders.csv"), """
                order_id,email,timestamp,revenue,currency
                o-1,ann@example.com,2026-11-01,10.50,USD
                o-2,bob@example.com,2026-11-02,not-a-number,USD
                """);
        TestStack stack = TestStack.get();
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(CdpApplication.class).run(
                "import", "orders", orders.toString(),
                "--cdp.ingestion.cli.exit-when-done=false",
                "--cdp.ingestion.cli.default-source=" + sourceId,
                "--cdp.elasticsearch.url=" + stack.elasticsearchUrl(),
                "--spring.kafka.bootstrap-servers=" + stack.kafkaBootstrapServers(),
                "--cdp.security.admin-password=" + AppTestSupport.ADMIN_PASSWORD,
                "--cdp.activation.key-file=" + dir.resolve("activation.key"))) {
            assertThat(context).isNotInstanceOf(WebServerApplicationContext.class);
            // every module's consumers exist in this JVM, none of them started
            KafkaListenerEndpointRegistry listeners = context.getBean(KafkaListenerEndpointRegistry.class);
            assertThat(listeners.getListenerContainerIds()).contains("cdp-ingestion-input", "profileEventsContainer",
                    "profileChangesContainer", "activationMembershipContainer", "activationConversionContainer",
                    "activationErasureContainer");
            assertThat(listeners.getListenerContainers()).noneMatch(MessageListenerContainer::isRunning);
            assertThat(context.getBeansOfType(MessageListenerContainer.class))
                    .allSatisfy((name, container) -> assertThat(container.isRunning()).as(name).isFalse());
            assertThat(context.getBeansOfType(ScheduledTaskHolder.class).values())
                    .allSatisfy(holder -> assertThat(holder.getScheduledTasks()).isEmpty());
            assertThat(context.getBeansOfType(SmartLifecycle.class)).allSatisfy((name, lifecycle) -> {
                if (lifecycle.getClass().getName().startsWith("io.cdp.")) {
                    assertThat(lifecycle.isRunning()).as(name).isFalse();
                }
            });
            // the row was read with the app's configuration: one accepted, one rejected, exit code 2
            assertThat(context.getBean(ImportCommand.class).getExitCode()).isEqualTo(2);
        }
        assertThat(output).contains("this JVM runs no Kafka consumer, no scheduled task and no background job")
                .contains("created source " + sourceId + " for imports without --source")
                .contains("imported orders into source " + sourceId + " (the default; --source S picks another)")
                .contains("row 3: revenue: number: revenue must be a number");
    }
}
