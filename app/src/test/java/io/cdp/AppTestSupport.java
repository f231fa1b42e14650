package io.cdp;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

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
}
