package io.cdp.console;

import static io.cdp.AppTestSupport.ADMIN_PASSWORD;
import static io.cdp.AppTestSupport.basic;
import static io.cdp.AppTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the console's browser tests set up through the real APIs: users, sources, events. */
final class ConsoleTestData {

    static final String ADMIN = basic("admin", ADMIN_PASSWORD);

    private final int port;

    ConsoleTestData(int port) {
        this.port = port;
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A new user of this role; its password is {@code <username>-password}. */
    String user(String role) throws Exception {
        String name = unique(role.toLowerCase());
        HttpResponse<String> created = call(port, "POST", "/api/admin/users", ADMIN,
                "{\"username\":\"" + name + "\",\"password\":\"" + name + "-password\",\"role\":\"" + role + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return name;
    }

    /** Creates a source through the admin API and answers its write key. */
    String writeKey(String sourceId) throws Exception {
        HttpResponse<String> response = call(port, "POST", "/api/admin/sources", ADMIN,
                "{\"id\":\"" + sourceId + "\",\"name\":\"" + sourceId + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        Matcher key = Pattern.compile("\"writeKey\":\"([^\"]+)\"").matcher(response.body());
        assertThat(key.find()).isTrue();
        return key.group(1);
    }

    /** One Segment-spec call through the ingestion API, as an SDK sends it. */
    void send(String writeKey, String path, String json) throws Exception {
        HttpResponse<String> response = call(port, "POST", path, basic(writeKey, ""), json);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    /** The profile API's answer for {@code path} once it contains {@code expected} (the store works asynchronously). */
    String await(String path, String expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = call(port, "GET", path, ADMIN, null);
            last = response.statusCode() + " " + response.body();
            if (response.statusCode() == 200 && response.body().contains(expected)) {
                return response.body();
            }
            Thread.sleep(250);
        }
        throw new AssertionError(path + " never showed " + expected + "; last answer: " + last);
    }

    static String profileId(String profileJson) {
        Matcher id = Pattern.compile("\"profileId\":\"([^\"]+)\"").matcher(profileJson);
        assertThat(id.find()).isTrue();
        return id.group(1);
    }
}
