package io.cdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.test.context.DynamicPropertyRegistry;

import io.cdp.localstack.TestStack;

/** Points the app at the shared test stack and calls it over real HTTP. */
public final class AppTestSupport {

    public static final String ADMIN_PASSWORD = "test-admin-password";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private AppTestSupport() {
    }

    public static void stackProperties(DynamicPropertyRegistry registry) {
        TestStack stack = TestStack.get();
        registry.add("cdp.elasticsearch.url", stack::elasticsearchUrl);
        registry.add("spring.kafka.bootstrap-servers", stack::kafkaBootstrapServers);
        registry.add("cdp.security.admin-password", () -> ADMIN_PASSWORD);
        // pages far smaller than the default, so that the tests' few thousand events make every KPI scan page on
        registry.add("cdp.reporting.page-size", () -> 97);
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public static HttpResponse<String> call(int port, String method, String path, String authorization, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Creates a source through the admin API and answers its write key. */
    public static String writeKey(int port, String sourceId) throws IOException, InterruptedException {
        HttpResponse<String> response = call(port, "POST", "/api/admin/sources", basic("admin", ADMIN_PASSWORD),
                "{\"id\":\"" + sourceId + "\",\"name\":\"" + sourceId + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        Matcher key = Pattern.compile("\"writeKey\":\"([^\"]+)\"").matcher(response.body());
        assertThat(key.find()).isTrue();
        return key.group(1);
    }

    /** One Segment-spec call through the ingestion API, as an SDK sends it, which must be accepted. */
    public static void send(int port, String writeKey, String path, String json) throws IOException, InterruptedException {
        HttpResponse<String> response = call(port, "POST", path, basic(writeKey, ""), json);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    /**
     * The admin's GET of {@code path} once its answer contains {@code expected}: the profile store and
     * segmentation work asynchronously. Fails after a minute with the last answer.
     */
    public static String await(int port, String path, String expected) throws IOException, InterruptedException {
        return await(port, "GET", path, expected);
    }

    /** As {@link #await(int, String, String)}, with another method (a POST that answers what it did). */
    public static String await(int port, String method, String path, String expected)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = call(port, method, path, basic("admin", ADMIN_PASSWORD), null);
            last = response.statusCode() + " " + response.body();
            if (response.statusCode() == 200 && response.body().contains(expected)) {
                return response.body();
            }
            Thread.sleep(250);
        }
        throw new AssertionError(path + " never showed " + expected + "; last answer: " + last);
    }

    public static String profileId(String profileJson) {
        Matcher id = Pattern.compile("\"profileId\":\"([^\"]+)\"").matcher(profileJson);
        assertThat(id.find()).isTrue();
        return id.group(1);
    }
}
