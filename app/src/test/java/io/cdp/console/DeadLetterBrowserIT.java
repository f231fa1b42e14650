package io.cdp.console;

import static io.cdp.AppTestSupport.ADMIN_PASSWORD;
import static io.cdp.AppTestSupport.basic;
import static io.cdp.AppTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import io.cdp.ConsoleBrowserTest;
import io.cdp.activation.domain.Delivery;
import io.cdp.activation.domain.DeliveryState;
import io.cdp.activation.store.ActivationIndices;
import io.cdp.localstack.TestStack;
import io.cdp.platform.Topics;
import io.cdp.platform.elasticsearch.Documents;

/**
 * The admin's dead letters (platform and activation) and health pages, and the sub-menu of every admin page, in a
 * real browser on the real stack.
 */
@TestPropertySource(properties = {"cdp.activation.local-smtp.enabled=true", "cdp.activation.local-smtp.port=0",
        "cdp.activation.index-prefix=cdp-t-appact-", "cdp.activation.key-file=target/activation.key",
        "cdp.activation.allowed-networks=127.0.0.1"})
class DeadLetterBrowserIT extends ConsoleBrowserTest {

    private final String admin = basic("admin", ADMIN_PASSWORD);

    private Documents<Delivery> deliveries;

    @Autowired
    void deliveries(ActivationIndices indices) {
        this.deliveries = indices.deliveries();
    }

    @Test
    void anAdminRetriesADeadDeliveryFromTheConsoleAndAForgedRetryIsRefused() throws Exception {
        String run = UUID.randomUUID().toString();
        String key = "dead-" + run;
        Instant now = Instant.now();
        deliveries.put(key, new Delivery(key, "gone-" + run, "d", "p-" + run, "s", "e", "entered", DeliveryState.DEAD,
                "email", now, null, 3, "permanent DestinationException: smtp answered 535 authentication failed", false,
                now, now, null));
        deliveries.refresh();

        browser.signIn("admin", ADMIN_PASSWORD).go("/admin/dead-letters/activations");
        assertThat(browser.text(By.id("dead-deliveries"))).contains("p-" + run).contains("535 authentication failed");
        browser.fullPageScreenshot("console-admin-dead-letters-activations");

        assertThat(browser.forgedPost("/admin/dead-letters/activations/deliveries/" + key + "/retry", "")
                .statusCode()).isEqualTo(403);
        assertThat(deliveries.get(key).orElseThrow().document().state()).isEqualTo(DeliveryState.DEAD);

        browser.find(By.xpath("//tr[contains(., 'p-" + run + "')]//button[normalize-space()='Retry']")).click();
        browser.waitUntil(ExpectedConditions.urlContains("retried="));
        assertThat(browser.text(By.cssSelector(".notice"))).contains("Queued again");
        Delivery retried = deliveries.get(key).orElseThrow().document();
        assertThat(retried.state()).isNotEqualTo(DeliveryState.DEAD);
        assertThat(retried.attempts()).isLessThan(3);
        browser.signOut();
    }

    @Test
    void anAdminSeesAFailedEventWithItsReasonAndReplaysIt() throws Exception {
        String key = "key-" + UUID.randomUUID();
        var failed = new ProducerRecord<String, String>(Topics.EVENTS_DEAD_LETTER, key, "{\"messageId\":\"m-1\"}");
        failed.headers().add("kafka_dlt-original-topic", ("cdp.test.replay-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        failed.headers().add("kafka_dlt-exception-message", "timestamp is not ISO-8601".getBytes(StandardCharsets.UTF_8));
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers",
                TestStack.get().kafkaBootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(failed).get();
        }

        browser.signIn("admin", ADMIN_PASSWORD).go("/admin/dead-letters");
        assertThat(browser.text(By.cssSelector("main"))).contains(key).contains("timestamp is not ISO-8601");
        browser.fullPageScreenshot("console-admin-dead-letters");

        browser.find(By.cssSelector("button[aria-label='Replay: Events that could not be processed']")).click();
        browser.waitUntil(ExpectedConditions.urlContains("replayed="));
        assertThat(browser.text(By.id("replay-result"))).contains("sent through the pipeline again");
        assertThat(call(port, "GET", "/api/admin/dead-letters?limit=10000", admin, null).body()).doesNotContain(key);
        browser.signOut();
    }

    @Test
    void healthSaysInPlainWordsWhetherStorageAndThePipelineWorkAndMarketersCannotOpenIt() throws Exception {
        browser.signIn("admin", ADMIN_PASSWORD).go("/admin/health");
        String page = browser.text(By.cssSelector("main"));
        assertThat(page).contains("Profile and segment storage (Elasticsearch): Working")
                .contains("Event pipeline (Kafka): Working normally").contains("Is processing keeping up?");
        browser.fullPageScreenshot("console-admin-health");
        browser.signOut();

        String marketer = "marketer-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(call(port, "POST", "/api/admin/users", admin, "{\"username\":\"" + marketer
                + "\",\"password\":\"a-long-password\",\"role\":\"MARKETER\"}").statusCode()).isEqualTo(201);
        browser.signIn(marketer, "a-long-password").go("/admin/health");
        assertThat(browser.text(By.cssSelector("main"))).contains("Your role does not allow this");
        browser.go("/admin/dead-letters/activations");
        assertThat(browser.text(By.cssSelector("main"))).contains("Your role does not allow this");
        browser.signOut();
    }

    @Test
    void everyAdminPageOffersEveryAdminSectionAndNamesItsOwn() {
        Map<String, String> sections = new LinkedHashMap<>();
        sections.put("/admin", "Users and tokens");
        sections.put("/admin/imports", "Imports");
        sections.put("/admin/dead-letters", "Dead letters");
        sections.put("/admin/dead-letters/activations", "Dead letters of activations");
        sections.put("/admin/health", "Health");
        browser.signIn("admin", ADMIN_PASSWORD);
        sections.forEach((path, name) -> {
            browser.go(path);
            List<WebElement> menu = browser.findAll(By.cssSelector("nav[aria-label='Admin sections'] > *"));
            assertThat(menu).as(path).extracting(WebElement::getText).containsExactlyElementsOf(sections.values());
            assertThat(menu).as(path).filteredOn(item -> item.getTagName().equals("strong"))
                    .extracting(WebElement::getText).containsExactly(name);
            assertThat(menu).as(path).filteredOn(item -> item.getTagName().equals("a")).hasSize(sections.size() - 1);
        });
        browser.signOut();
    }
}
