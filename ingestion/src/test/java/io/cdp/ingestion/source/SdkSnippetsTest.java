package io.cdp.ingestion.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

class SdkSnippetsTest {

    @Test
    void everySnippetSendsToThisServerUnderItsContextPathWithTheWriteKey() {
        SdkSnippets snippets = SdkSnippets.of(URI.create("https://cdp.example.com/tracking/"), "KEY123");

        assertThat(snippets.snippets()).extracting(SdkSnippets.Snippet::id)
                .containsExactly("analytics-js", "analytics-node", "analytics-java", "rudderstack-js", "curl");
        assertThat(code(snippets, "analytics-js")).contains("writeKey: 'KEY123'")
                .contains("apiHost: 'cdp.example.com/tracking/v1', protocol: 'https'");
        assertThat(code(snippets, "analytics-node")).contains("host: 'https://cdp.example.com/tracking'");
        assertThat(code(snippets, "analytics-java")).contains("Analytics.builder(\"KEY123\")")
                .contains(".endpoint(\"https://cdp.example.com/tracking\")");
        assertThat(code(snippets, "rudderstack-js")).contains("load('KEY123', 'https://cdp.example.com/tracking')");
        assertThat(code(snippets, "curl")).contains("-u 'KEY123:'").contains("https://cdp.example.com/tracking/v1/track");
    }

    private static String code(SdkSnippets snippets, String id) {
        return snippets.snippets().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow().code();
    }
}
