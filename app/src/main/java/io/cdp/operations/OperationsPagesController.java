package io.cdp.operations;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.cdp.platform.Topics;
import io.cdp.platform.web.InvalidRequestException;

/**
 * The admin console's dead letters (the same {@link DeadLetters} as the API, with a replay button
 * per topic; activation's own dead letters have their page beside it) and health: Elasticsearch,
 * Kafka and consumer lag from the actuator's indicators and lag gauges, in words for whoever is on
 * duty rather than for the engineer who built it.
 */
@Controller
class OperationsPagesController {

    private static final int SHOWN = 100;
    private static final int REPLAYED = 1000;
    /** Records waiting above which a consumer is called behind rather than busy. */
    private static final long BEHIND = 10_000;

    /** One dead-letter topic as the page shows it. */
    record TopicLetters(String topic, String title, String explanation, List<DeadLetters.DeadLetter> letters) {
    }

    /** One line of the health page: what, whether it is fine, and what that means. */
    record Check(String name, String level, String headline, String meaning) {
    }

    private final DeadLetters deadLetters;
    private final HealthIndicator elasticsearch;
    private final HealthIndicator kafka;
    private final ObjectProvider<ConsumerLagMetrics> lag;

    OperationsPagesController(DeadLetters deadLetters,
            @Qualifier("elasticsearchHealthIndicator") HealthIndicator elasticsearch,
            @Qualifier("kafkaHealthIndicator") HealthIndicator kafka, ObjectProvider<ConsumerLagMetrics> lag) {
        this.deadLetters = deadLetters;
        this.elasticsearch = elasticsearch;
        this.kafka = kafka;
        this.lag = lag;
    }

    @GetMapping("/admin/dead-letters")
    String deadLetters(Model model) {
        List<TopicLetters> topics = new ArrayList<>();
        for (String topic : deadLetters.topics()) {
            boolean events = topic.equals(Topics.EVENTS_DEAD_LETTER);
            topics.add(new TopicLetters(topic,
                    events ? "Events that could not be processed" : "Profile changes segmentation could not evaluate",
                    events ? "Events accepted by the API that failed later (for example a value the profile store"
                            + " refused). Replaying sends them through the pipeline again; events already stored are"
                            + " not counted twice."
                            : "Profile changes whose segment memberships could not be worked out. Replaying evaluates"
                            + " them again.",
                    deadLetters.pending(topic, SHOWN)));
        }
        model.addAttribute("topics", topics);
        model.addAttribute("shown", SHOWN);
        return "admin/dead-letters";
    }

    @PostMapping("/admin/dead-letters/replay")
    String replay(@RequestParam String topic, RedirectAttributes redirect) throws Exception {
        if (!deadLetters.topics().contains(topic)) {
            throw new InvalidRequestException("topic", "must be one of " + String.join(", ", deadLetters.topics()));
        }
        DeadLetters.ReplayResult result = deadLetters.replay(topic, REPLAYED);
        redirect.addAttribute("replayed", result.replayed());
        redirect.addAttribute("notReplayable", result.notReplayable().size());
        return "redirect:/admin/dead-letters";
    }

    @GetMapping("/admin/health")
    String health(Model model) {
        model.addAttribute("checks", List.of(elasticsearch(), kafka()));
        model.addAttribute("lags", lags());
        model.addAttribute("lagMeasured", lag.getIfAvailable() != null);
        return "admin/health";
    }

    private Check elasticsearch() {
        Health health = elasticsearch.health(true);
        String colour = String.valueOf(health.getDetails().get("status"));
        if (!Status.UP.equals(health.getStatus())) {
            return new Check("Profile and segment storage (Elasticsearch)", "bad", "Not working",
                    "Profiles, segments and activations cannot be read or saved. Incoming events wait in Kafka and are"
                            + " processed once it is back; nothing is lost.");
        }
        if ("yellow".equals(colour)) {
            return new Check("Profile and segment storage (Elasticsearch)", "warn", "Working, without backup copies",
                    "Everything is readable and saved, but some data has no second copy on another machine. Normal"
                            + " with a single Elasticsearch node; with several, a node is missing.");
        }
        return new Check("Profile and segment storage (Elasticsearch)", "good", "Working normally",
                "Profiles, segments and activations are stored and searchable.");
    }

    private Check kafka() {
        Health health = kafka.health(true);
        if (!Status.UP.equals(health.getStatus())) {
            return new Check("Event pipeline (Kafka)", "bad", "Not reachable",
                    "Events sent now are refused with a temporary error (the SDKs retry), and nothing moves through the"
                            + " pipeline: profiles, segments and activations stand still until it is back.");
        }
        return new Check("Event pipeline (Kafka)", "good", "Working normally",
                "Events are accepted and flow to profiles, segments and activations (" + health.getDetails()
                        .get("brokers") + " broker(s) reachable).");
    }

    /** The measured lag per consumer, in words: up to date, busy or behind. */
    private List<Check> lags() {
        ConsumerLagMetrics metrics = lag.getIfAvailable();
        if (metrics == null) {
            return List.of();
        }
        Map<String, Long> byGroup = new TreeMap<>();
        metrics.lags().forEach((key, records) -> byGroup.merge(key.substring(0, key.indexOf('|')), records, Long::sum));
        Map<String, String> names = new LinkedHashMap<>();
        names.put("cdp-ingestion-input", "Incoming events (validation)");
        names.put("cdp-profile-store", "Profile updates");
        List<Check> checks = new ArrayList<>();
        byGroup.forEach((group, records) -> {
            String name = names.getOrDefault(group, group);
            if (records == 0) {
                checks.add(new Check(name, "good", "Up to date", "Nothing is waiting: new events show within seconds."));
            } else if (records < BEHIND) {
                checks.add(new Check(name, "good", String.format("%,d waiting", records),
                        "A normal queue while events arrive; it is being worked through."));
            } else {
                checks.add(new Check(name, "warn", String.format("%,d waiting: behind", records),
                        "Profiles and segments show events with a delay. It catches up by itself unless the number"
                                + " keeps growing; then ask an engineer to add capacity."));
            }
        });
        return checks;
    }
}
