package io.cdp.bench.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** The admin calls against a scripted HTTP endpoint that answers like the platform's admin API. */
class PlatformClientTest {

    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private HttpServer server;

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void createsASourceWithItsIdAsNameAndReturnsTheWriteKeyShownOnce() throws Exception {
        serve(exchange -> respond(exchange, 201, "{\"id\":\"web\",\"writeKey\":\"wk_new\"}"));

        assertThat(client().createSource("web")).isEqualTo("wk_new");
        assertThat(requests).containsExactly("POST /api/admin/sources {\"id\":\"web\",\"name\":\"web\"} Basic YWRtaW46cHc=");
    }

    @Test
    void rotatesTheKeyOfASourceThatExistsFromAnEarlierRun() throws Exception {
        serve(exchange -> {
            if (exchange.getRequestURI().getPath().endsWith("/rotate")) {
                respond(exchange, 200, "{\"id\":\"web\",\"writeKey\":\"wk_rotated\"}");
            } else {
                respond(exchange, 409, "{\"title\":\"Source exists\"}");
            }
        });

        assertThat(client().createSource("web")).isEqualTo("wk_rotated");
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1)).startsWith("POST /api/admin/sources/web/rotate ");
    }

    @Test
    void uploadsTheCrmExportAsCsvForItsSource() throws Exception {
        serve(exchange -> respond(exchange, 200, "{\"rows\":2,\"accepted\":2,\"rejected\":0}"));

        assertThat(client().importContacts("crm", "crm_id,email\ncrm-1,a@example.com\n").path("accepted").asLong()).isEqualTo(2);
        assertThat(requests).singleElement().asString().startsWith("POST /api/admin/import/contacts?source=crm crm_id,email");
    }

    private void serve(Handler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8) + " "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            handler.handle(exchange);
        });
        server.start();
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private PlatformClient client() {
        return new PlatformClient("http://127.0.0.1:" + server.getAddress().getPort(), "admin", "pw");
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }
}
