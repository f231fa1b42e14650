package io.cdp.security;

import static io.cdp.AppTestSupport.ADMIN_PASSWORD;
import static io.cdp.AppTestSupport.basic;
import static io.cdp.AppTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import io.cdp.AppIntegrationTest;


class SecurityIT extends AppIntegrationTest {


    private final String admin = basic("admin", ADMIN_PASSWORD);

    @Test
    void refusesAnonymousCallsWithProblemDetails() throws Exception {
        var response = call(port, "GET", "/api/admin/users", null, null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"status\":401");
    }

    @Test
    void refusesWrongPassword() throws Exception {
        assertThat(call(port, "GET", "/api/admin/users", basic("admin", "wrong"), null).statusCode()).isEqualTo(401);
    }

    @Test
    void viewerReadsButCannotChangeOrAdminister() throws Exception {
        String name = "viewer-" + UUID.randomUUID().toString().substring(0, 8);
        var created = call(port, "POST", "/api/admin/users", admin,
                "{\"username\":\"" + name + "\",\"password\":\"viewer-password\",\"role\":\"VIEWER\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).doesNotContain("viewer-password");

        String viewer = basic(name, "viewer-password");
        assertThat(call(port, "GET", "/api/admin/users", viewer, null).statusCode()).isEqualTo(403);
        assertThat(call(port, "POST", "/api/segments", viewer, "{}").statusCode()).isEqualTo(403);
        assertThat(call(port, "DELETE", "/api/profiles/some-id", viewer, null).statusCode()).isEqualTo(403);
    }

    @Test
    void rejectsInvalidUserWithFieldAndRule() throws Exception {
        var response = call(port, "POST", "/api/admin/users", admin,
                "{\"username\":\"ok-name\",\"password\":\"short\",\"role\":\"VIEWER\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"password\"").contains("at least 8 characters");
    }

    @Test
    void apiTokenAuthenticatesWithItsRoleUntilRevoked() throws Exception {
        var created = call(port, "POST", "/api/admin/tokens", admin, "{\"name\":\"ci\",\"role\":\"ADMIN\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        Matcher matcher = Pattern.compile("\"token\":\"(cdp\\.[^\"]+)\"").matcher(created.body());
        assertThat(matcher.find()).isTrue();
        String bearer = "Bearer " + matcher.group(1);

        var listed = call(port, "GET", "/api/admin/tokens", bearer, null);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).contains("\"name\":\"ci\"").doesNotContain(matcher.group(1)).doesNotContain("secretDigest");

        String id = matcher.group(1).split("\\.")[1];
        assertThat(call(port, "DELETE", "/api/admin/tokens/" + id, admin, null).statusCode()).isEqualTo(204);
        assertThat(call(port, "GET", "/api/admin/tokens", bearer, null).statusCode()).isEqualTo(401);
    }

    @Test
    void healthIsPublicAndCoversElasticsearchAndKafkaForAdmins() throws Exception {
        assertThat(call(port, "GET", "/actuator/health", null, null).statusCode()).isEqualTo(200);

        var detailed = call(port, "GET", "/actuator/health", admin, null);
        assertThat(detailed.body()).contains("\"elasticsearch\"").contains("\"kafka\"").contains("\"status\":\"UP\"");
    }

    @Test
    void servesTheOpenApiDocumentWithoutAuthentication() throws Exception {
        var response = call(port, "GET", "/v3/api-docs", null, null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"openapi\"").contains("/api/admin/users");
    }

    @Test
    void usernamesAreUniqueIgnoringCaseAndADuplicateAnswers409() throws Exception {
        String name = "Casey-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(createUser(name).statusCode()).isEqualTo(201);

        for (String duplicate : List.of(name, name.toLowerCase(Locale.ROOT), name.toUpperCase(Locale.ROOT), "Admin")) {
            var refused = createUser(duplicate);
            assertThat(refused.statusCode()).as(duplicate).isEqualTo(409);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(refused.body()).contains("\"field\":\"username\"").contains("\"rule\":\"unique\"");
        }
        assertThat(call(port, "GET", "/api/segments", basic(name.toLowerCase(Locale.ROOT), "casey-password"), null)
                .statusCode()).isEqualTo(200);
    }

    @Test
    void concurrentCreationsOfOneNameInDifferentCasesCreateOneUser() throws Exception {
        String name = "race-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> spellings = List.of(name, name.toUpperCase(Locale.ROOT), name, "R" + name.substring(1));
        ExecutorService pool = Executors.newFixedThreadPool(spellings.size());
        List<Integer> statuses = new ArrayList<>();
        try {
            List<Future<Integer>> calls = new ArrayList<>();
            for (String spelling : spellings) {
                calls.add(pool.submit(() -> createUser(spelling).statusCode()));
            }
            for (Future<Integer> call : calls) {
                statuses.add(call.get());
            }
        } finally {
            pool.shutdown();
        }

        assertThat(statuses).containsOnly(201, 409).filteredOn(status -> status == 201).hasSize(1);
        assertThat(call(port, "GET", "/api/admin/users", admin, null).body().toLowerCase(Locale.ROOT))
                .containsOnlyOnce("\"username\":\"" + name + "\"");
    }

    private java.net.http.HttpResponse<String> createUser(String username) throws Exception {
        return call(port, "POST", "/api/admin/users", admin,
                "{\"username\":\"" + username + "\",\"password\":\"casey-password\",\"role\":\"VIEWER\"}");
    }
}
