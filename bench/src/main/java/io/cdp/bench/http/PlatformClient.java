package io.cdp.bench.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The platform's public HTTP API as a client sees it: admin calls with HTTP Basic, ingestion
 * with the source's write key as the Basic username (Segment's convention, empty password).
 */
public final class PlatformClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final String baseUrl;
    private volatile String adminAuthorization;

    public PlatformClient(String baseUrl, String adminUser, String adminPassword) {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
                baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl,
                basic(adminUser, adminPassword));
    }

    private PlatformClient(HttpClient http, String baseUrl, String adminAuthorization) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.adminAuthorization = adminAuthorization;
    }

    /**
     * This client with a new admin API token instead of HTTP Basic. A benchmark polling the app
     * should use it: each Basic request costs the app a bcrypt check (tens of milliseconds of CPU),
     * which would be counted against what is being measured.
     */
    public PlatformClient withApiToken(String name) throws IOException, InterruptedException {
        String token = call("POST", "/api/admin/tokens", JSON.writeValueAsString(Map.of("name", name, "role", "ADMIN")))
                .path("token").asString();
        return new PlatformClient(http, baseUrl, "Bearer " + token);
    }

    public String baseUrl() {
        return baseUrl;
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public boolean isUp() {
        try {
            return http.send(HttpRequest.newBuilder(uri("/actuator/health")).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Creates the source {@code id} and returns its write key. Keys are shown only once, so
     * when the source exists already (a second demo run) its key is rotated instead: the
     * source stays the same, and with it the messageId deduplication of a replay.
     */
    public String createSource(String id) throws IOException, InterruptedException {
        HttpResponse<String> response = send(admin("/api/admin/sources")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(new CreateSource(id, id)))));
        if (response.statusCode() == 409) {
            response = send(admin("/api/admin/sources/" + id + "/rotate").POST(HttpRequest.BodyPublishers.noBody()));
        }
        expectSuccess(response, "creating source " + id);
        JsonNode key = JSON.readTree(response.body()).path("writeKey");
        if (!key.isString() || key.asString().isBlank()) {
            throw new IOException("creating source " + id + " returned no writeKey");
        }
        return key.asString();
    }

    /**
     * Switches the admin calls from HTTP Basic to an ADMIN API token created now. A password is
     * checked with BCrypt on every request, on purpose slow: a client that polls (the benchmark's
     * heap sampler) would otherwise take CPU from what it measures.
     */
    public void useApiToken(String name) throws IOException, InterruptedException {
        HttpResponse<String> response = send(admin("/api/admin/tokens").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("name", name,
                        "role", "ADMIN")))));
        expectSuccess(response, "creating API token " + name);
        adminAuthorization = "Bearer " + JSON.readTree(response.body()).path("token").asString();
    }

    /** The body of {@code POST /v1/batch}: {@code sentAt} is stamped now on the batch and every message. */
    public static String batchBody(List<Map<String, Object>> messages, Instant sentAt) {
        List<Map<String, Object>> stamped = new ArrayList<>(messages.size());
        for (Map<String, Object> message : messages) {
            Map<String, Object> copy = new LinkedHashMap<>(message);
            copy.put("sentAt", sentAt.toString());
            stamped.add(copy);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("batch", stamped);
        body.put("sentAt", sentAt.toString());
        return JSON.writeValueAsString(body);
    }

    public HttpResponse<String> sendBatch(String writeKey, String body) throws IOException, InterruptedException {
        return send(batchRequest(writeKey, body));
    }

    public CompletableFuture<HttpResponse<String>> sendBatchAsync(String writeKey, String body) {
        return http.sendAsync(batchRequest(writeKey, body).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder batchRequest(String writeKey, String body) {
        return HttpRequest.newBuilder(uri("/v1/batch"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", basic(writeKey, ""))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    /** Uploads a CRM export to the CSV import endpoint for {@code sourceId}; returns the import report. */
    public JsonNode importContacts(String sourceId, String csv) throws IOException, InterruptedException {
        HttpResponse<String> response = send(admin("/api/admin/import/contacts?source=" + sourceId)
                .timeout(Duration.ofMinutes(5))
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv)));
        expectSuccess(response, "importing contacts");
        return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    /** Uploads a daily exchange rates file ({@code date,base,quote,rate}); returns the import report. */
    public JsonNode importRates(String csv) throws IOException, InterruptedException {
        HttpResponse<String> response = send(admin("/api/admin/import/rates")
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv)));
        expectSuccess(response, "importing exchange rates");
        return JSON.readTree(response.body());
    }

    /**
     * {@code GET} of an admin or viewer endpoint, as JSON; null on 404. Waits up to two minutes: a benchmark times
     * a slow answer (a KPI report on a large store took over 10 s), it does not give up on it.
     */
    public JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = send(admin(path).timeout(Duration.ofMinutes(2)));
        if (response.statusCode() == 404) {
            return null;
        }
        expectSuccess(response, "GET " + path);
        return JSON.readTree(response.body());
    }

    /** An admin call with a JSON body (or none), answered with JSON. */
    public JsonNode call(String method, String path, String json) throws IOException, InterruptedException {
        HttpResponse<String> response = send(admin(path).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
        expectSuccess(response, method + " " + path);
        return JSON.readTree(response.body());
    }

    /** The app's current heap use in bytes, from Micrometer's {@code jvm.memory.used}. */
    public long heapUsedBytes() throws IOException, InterruptedException {
        JsonNode metric = get("/actuator/metrics/jvm.memory.used?tag=area:heap");
        if (metric == null) {
            return -1;
        }
        for (JsonNode measurement : metric.path("measurements")) {
            if ("VALUE".equals(measurement.path("statistic").asString())) {
                return measurement.path("value").asLong();
            }
        }
        return -1;
    }

    /**
     * The COUNT and TOTAL of a Micrometer distribution summary from {@code /actuator/metrics}, or null when
     * the app has no such meter (yet, or an older build).
     */
    public double[] summaryCountAndTotal(String name) throws IOException, InterruptedException {
        JsonNode metric = get("/actuator/metrics/" + name);
        if (metric == null) {
            return null;
        }
        double[] countAndTotal = new double[2];
        for (JsonNode measurement : metric.path("measurements")) {
            switch (measurement.path("statistic").asString()) {
                case "COUNT" -> countAndTotal[0] = measurement.path("value").asDouble();
                case "TOTAL" -> countAndTotal[1] = measurement.path("value").asDouble();
                default -> { }
            }
        }
        return countAndTotal;
    }

    private HttpRequest.Builder admin(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).header("Authorization", adminAuthorization);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private record CreateSource(String id, String name) {
    }

    static void expectSuccess(HttpResponse<String> response, String what) throws IOException {
        if (response.statusCode() / 100 != 2) {
            throw new IOException(what + " failed: HTTP " + response.statusCode() + " " + abbreviate(response.body()));
        }
    }

    static String abbreviate(String body) {
        return body == null || body.length() <= 300 ? body : body.substring(0, 300) + "...";
    }
}
