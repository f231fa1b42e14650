package io.cdp;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Value;

/**
 * A browser test of the console: the whole app on the shared real Elasticsearch and Kafka (one Spring context
 * for every app IT), and one headless Chromium per test class, opened before its first test and closed after
 * its last.
 */
public abstract class ConsoleBrowserTest extends AppIntegrationTest {

    protected static ConsoleBrowser browser;

    @BeforeAll
    static void openBrowser(@Value("${local.server.port}") int serverPort) {
        browser = ConsoleBrowser.open(serverPort);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }
}
