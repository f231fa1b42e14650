package io.cdp.ingestion.csv;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import lombok.RequiredArgsConstructor;

import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.scheduling.config.ScheduledTaskHolder;

/**
 * What runs in this JVM besides the caller, read from the started context: Kafka listener
 * containers (declared as beans or through {@code @KafkaListener}), {@code @Scheduled} tasks and
 * the platform's own lifecycles (dispatchers, periodic jobs). The import command prints it, so
 * that a consumer or timer sneaking into the import JVM shows in its output and fails its test.
 */
@RequiredArgsConstructor
final class BackgroundWork {

    private final ApplicationContext context;

    record Census(List<String> consumers, int scheduledTasks, List<String> jobs) {

        boolean none() {
            return consumers.isEmpty() && scheduledTasks == 0 && jobs.isEmpty();
        }

        String describe() {
            return none() ? "this JVM runs no Kafka consumer, no scheduled task and no background job"
                    : "this JVM also runs Kafka consumers " + consumers + ", " + scheduledTasks
                            + " scheduled tasks and background jobs " + jobs;
        }
    }

    Census census() {
        TreeSet<String> consumers = new TreeSet<>();
        context.getBeansOfType(MessageListenerContainer.class, false, false).forEach((name, container) -> {
            if (container.isRunning()) {
                consumers.add(name);
            }
        });
        context.getBeanProvider(KafkaListenerEndpointRegistry.class).ifAvailable(registry ->
                registry.getListenerContainers().stream().filter(MessageListenerContainer::isRunning)
                        .forEach(container -> consumers.add(container.getListenerId())));
        int scheduled = context.getBeansOfType(ScheduledTaskHolder.class, false, false).values().stream()
                .mapToInt(holder -> holder.getScheduledTasks().size()).sum();
        List<String> jobs = new ArrayList<>();
        for (Map.Entry<String, SmartLifecycle> bean
                : context.getBeansOfType(SmartLifecycle.class, false, false).entrySet()) {
            // Spring's own lifecycles (the listener registry, executors) run in every context; containers are counted above
            if (bean.getValue().isRunning() && !(bean.getValue() instanceof MessageListenerContainer)
                    && !bean.getValue().getClass().getName().startsWith("org.springframework.")) {
                jobs.add(bean.getKey());
            }
        }
        return new Census(List.copyOf(consumers), scheduled, List.copyOf(jobs));
    }
}
