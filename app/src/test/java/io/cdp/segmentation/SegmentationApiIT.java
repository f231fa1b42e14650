package io.cdp.segmentation;

import static io.cdp.AppTestSupport.ADMIN_PASSWORD;
import static io.cdp.AppTestSupport.basic;
import static io.cdp.AppTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.cdp.AppIntegrationTest;

/** The segmentation API inside the assembled app: roles, raw DRL rules, problem details. */
class SegmentationApiIT extends AppIntegrationTest {

    private final String admin = basic("admin", ADMIN_PASSWORD);
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void marketersSaveSegmentsViewersOnlyReadAndRawDrlIsAdminOnlyAndOffByDefault() throws Exception {
        String marketer = user("marketer", "MARKETER");
        String viewer = user("viewer", "VIEWER");
        String segment = "/api/segments/vip-" + run;
        String body = "{\"name\": \"VIP\", \"condition\": {\"type\": \"metric\", \"metric\": \"revenue\","
                + " \"op\": \"gte\", \"value\": 1000}}";

        assertThat(call(port, "PUT", segment, viewer, body).statusCode()).isEqualTo(403);
        var saved = call(port, "PUT", segment, marketer, body);
        assertThat(saved.statusCode()).isEqualTo(200);
        assertThat(saved.body()).contains("\"version\":1");
        assertThat(call(port, "GET", segment, viewer, null).body()).contains("\"id\":\"vip-" + run + "\"");
        assertThat(call(port, "GET", segment + "/size", viewer, null).statusCode()).isEqualTo(200);

        String drl = "{\"drl\": \"ProfileFacts()\"}";
        var forbidden = call(port, "PUT", "/api/segments/raw-" + run, marketer, drl);
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.body()).contains("\"rule\":\"drl.adminOnly\"");
        var disabled = call(port, "PUT", "/api/segments/raw-" + run, admin, drl);
        assertThat(disabled.statusCode()).isEqualTo(400);
        assertThat(disabled.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(disabled.body()).contains("\"field\":\"$.drl\"").contains("\"rule\":\"drl.disabled\"");

        var persona = call(port, "PUT", "/api/personas/bargain-hunter-" + run, marketer,
                "{\"position\": 1, \"condition\": {\"type\": \"metric\", \"metric\": \"aov\", \"op\": \"lt\", \"value\": 20}}");
        assertThat(persona.statusCode()).isEqualTo(200);
        assertThat(call(port, "GET", "/api/stages", viewer, null).body()).contains("\"id\":\"awareness\"");
    }

    private String user(String role, String roleName) throws Exception {
        String name = role + "-" + run;
        assertThat(call(port, "POST", "/api/admin/users", admin, "{\"username\":\"" + name
                + "\",\"password\":\"" + role + "-password\",\"role\":\"" + roleName + "\"}").statusCode())
                .isEqualTo(201);
        return basic(name, role + "-password");
    }
}
