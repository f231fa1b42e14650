package io.cdp.operations;

import static io.cdp.AppTestSupport.ADMIN_PASSWORD;
import static io.cdp.AppTestSupport.basic;
import static io.cdp.AppTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collections;

import org.junit.jupiter.api.Test;

import io.cdp.AppIntegrationTest;

/** What the API refuses for its size, on the assembled app: short 4xx problems instead of 500s and full heaps. */
class ApiLimitsIT extends AppIntegrationTest {

    private static final int MIB = 1024 * 1024;

    private final String admin = basic("admin", ADMIN_PASSWORD);

    /** A segment whose name pads the body to {@code bytes}: valid JSON, only too large. */
    private static String paddedSegment(int bytes) {
        String head = "{\"id\": \"padded\", \"name\": \"";
        String tail = "\", \"condition\": {\"type\": \"hasEmail\"}}";
        return head + "x".repeat(bytes - head.length() - tail.length()) + tail;
    }

    @Test
    void aBodyDeclaredOverOneMebibyteIsRefusedWith413() throws Exception {
        var response = call(port, "POST", "/api/segments", admin, paddedSegment(MIB + MIB / 2));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"rule\":\"maxBodySize\"").contains("\"limit\":" + MIB);
    }

    @Test
    void aChunkedBodyOverOneMebibyteIsRefusedWith413() throws Exception {
        byte[] body = paddedSegment(MIB + MIB / 2).getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/segments"))
                .header("Content-Type", "application/json").header("Authorization", admin)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("\"rule\":\"maxBodySize\"");
    }

    @Test
    void anOrOfFourThousandConditionsGetsAShort400WithoutTheGeneratedDrl() throws Exception {
        String or = String.join(", ", Collections.nCopies(4000,
                "{\"type\": \"trait\", \"key\": \"country\", \"op\": \"equals\", \"value\": \"DE\"}"));

        var response = call(port, "PUT", "/api/segments/wide-or", admin,
                "{\"name\": \"wide\", \"condition\": {\"type\": \"or\", \"conditions\": [" + or + "]}}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).hasSizeLessThan(1000).contains("\"field\":\"$.condition\"")
                .contains("\"rule\":\"conditions.max\"").doesNotContain("ProfileFacts").doesNotContain("rule \\\"r");
    }

    @Test
    void aHundredThousandCharacterEventPropertyGetsA400NamingIt() throws Exception {
        String property = "a.".repeat(50_000) + "b";

        var response = call(port, "PUT", "/api/segments/long-property", admin, "{\"name\": \"long\", \"condition\":"
                + " {\"type\": \"event\", \"event\": \"Order Completed\", \"frequency\": \"atLeast\", \"count\": 1,"
                + " \"withinDays\": 30, \"where\": [{\"property\": \"" + property + "\", \"op\": \"exists\"}]}}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).hasSizeLessThan(1000).contains("\"field\":\"$.condition.where[0].property\"")
                .contains("\"rule\":\"property.length\"");
    }

    @Test
    void profilePagesBeyondElasticsearchsResultWindowGet400NamingPageAndTheLimit() throws Exception {
        var profiles = call(port, "GET", "/api/profiles?page=1000", admin, null);
        var events = call(port, "GET", "/api/profiles/any-profile/events?page=5000", admin, null);

        assertThat(profiles.statusCode()).isEqualTo(400);
        assertThat(profiles.body()).contains("\"field\":\"page\"").contains("at most 199 for size 50");
        assertThat(events.statusCode()).isEqualTo(400);
        assertThat(events.body()).contains("\"field\":\"page\"").contains("10000");
    }
}
