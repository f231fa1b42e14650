package io.cdp.ingestion.csv;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.CommandLinePropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Started as {@code import ...}, the app is a one-shot command next to a running platform: no web
 * server (and so no web security), and {@code spring.kafka.listener.auto-startup=false}, the one
 * switch every Kafka listener container, the activation dispatcher, the periodic jobs and the
 * {@code @Scheduled} timers honour, so that this JVM only writes. No local mail catcher either:
 * the platform's holds its port. Decided here because the web application type must be known
 * before the context is created.
 */
public class ImportModeEnvironmentPostProcessor implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        PropertySource<?> commandLine = environment.getPropertySources()
                .get(CommandLinePropertySource.COMMAND_LINE_PROPERTY_SOURCE_NAME);
        if (commandLine == null) {
            return;
        }
        Object nonOptionArgs = commandLine.getProperty(CommandLinePropertySource.DEFAULT_NON_OPTION_ARGS_PROPERTY_NAME);
        if (nonOptionArgs == null || !nonOptionArgs.toString().split(",")[0].equals(ImportCommand.COMMAND)) {
            return;
        }
        environment.getPropertySources().addFirst(new MapPropertySource("cdpImportMode", Map.of(
                "spring.main.web-application-type", "none",
                "spring.kafka.listener.auto-startup", "false",
                "cdp.activation.local-smtp.enabled", "false",
                // a command's output is its progress and summary; start-up chatter only when something is wrong
                "spring.main.banner-mode", "off",
                "logging.level.root", "WARN")));
    }
}
