package io.cdp.ingestion;

import static io.cdp.AppTestSupport.ADMIN_PASSWORD;
import static io.cdp.AppTestSupport.basic;
import static io.cdp.AppTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import io.cdp.AppIntegrationTest;


/** The assembled app: write keys, not user logins, guard the Segment endpoints. */
class IngestionSecurityIT extends AppIntegrationTest {


    @Test
    void acceptsSdkCallsWithAWriteKeyAsBasicUsernameAndRefusesUnknownKeys() throws Exception {
        String sourceId = "web" + UUID.randomUUID().toString().substring(0, 6);
        var source = call(port, "POST", "/api/admin/sources", basic("admin", ADMIN_PASSWORD),
                "{\"id\":\"" + sourceId + "\",\"name\":\"Website\"}");
        assertThat(source.statusCode()).isEqualTo(201);
        Matcher key = Pattern.compile("\"writeKey\":\"([^\"]+)\"").matcher(source.body());
        assertThat(key.find()).as(source.body()).isTrue();

        String track = "{\"anonymousId\":\"a-1\",\"event\":\"Product Viewed\",\"properties\":{\"sku\":\"x\"}}";
        var accepted = call(port, "POST", "/v1/track", basic(key.group(1), ""), track);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.body()).contains("\"success\":true");

        assertThat(call(port, "POST", "/v1/track", basic("not-a-key", ""), track).statusCode()).isEqualTo(401);
        assertThat(call(port, "POST", "/v1/track", basic("admin", ADMIN_PASSWORD), track).statusCode()).isEqualTo(401);
    }

    @Test
    void sourceAdministrationNeedsTheAdminRole() throws Exception {
        assertThat(call(port, "GET", "/api/admin/sources", null, null).statusCode()).isEqualTo(401);
    }
}
