package io.cdp.console;

import static io.cdp.AppTestSupport.ADMIN_PASSWORD;
import static io.cdp.AppTestSupport.basic;
import static io.cdp.AppTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.UUID;

import io.cdp.AppTestSupport;

/** What the console's browser tests set up through the real APIs: users, sources, events. */
final class ConsoleTestData {

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
        HttpResponse<String> created = call(port, "POST", "/api/admin/users", basic("admin", ADMIN_PASSWORD),
                "{\"username\":\"" + name + "\",\"password\":\"" + name + "-password\",\"role\":\"" + role + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return name;
    }

    String writeKey(String sourceId) throws Exception {
        return AppTestSupport.writeKey(port, sourceId);
    }

    void send(String writeKey, String path, String json) throws Exception {
        AppTestSupport.send(port, writeKey, path, json);
    }

    String await(String path, String expected) throws Exception {
        return AppTestSupport.await(port, path, expected);
    }
}
