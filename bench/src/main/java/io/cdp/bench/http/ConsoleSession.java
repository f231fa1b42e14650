package io.cdp.bench.http;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/**
 * The console as a browser signed in to it sees it: the session cookie of the sign-in form (CSRF
 * token included), then plain page requests with that cookie, htmx fragments marked as htmx sends them.
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
public final class ConsoleSession {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"|value=\"([^\"]+)\"\\s+name=\"_csrf\"");

    private final HttpClient http;
    private final String baseUrl;

    /** Signs in through the {@code /login} form; fails unless the console answers with a signed-in page. */
    public static ConsoleSession signIn(String baseUrl, String username, String password)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(5)).build();
        ConsoleSession session = new ConsoleSession(http, baseUrl);
        String form = session.get("/login").body();
        Matcher token = CSRF.matcher(form);
        if (!token.find()) {
            throw new IllegalStateException("no CSRF token in the sign-in form");
        }
        String body = "username=" + encode(username) + "&password=" + encode(password) + "&_csrf="
                + encode(token.group(1) != null ? token.group(1) : token.group(2));
        HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (signedIn.statusCode() != 200 || signedIn.uri().getPath().startsWith("/login")) {
            throw new IllegalStateException("sign-in as " + username + " failed: " + signedIn.statusCode() + " at "
                    + signedIn.uri());
        }
        return session;
    }

    /** A page; fails on anything but 200, so that a timing never counts an error page. */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)), path);
    }

    /** A part of a page that htmx loads after it, with the header htmx sends. */
    public HttpResponse<String> fragment(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("HX-Request", "true"), path);
    }

    /** A part of a page that the page polls for: empty while the server answers 204 (not ready yet). */
    public Optional<String> fragmentWhenReady(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = exchange(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("HX-Request", "true"));
        if (response.statusCode() == 204) {
            return Optional.empty();
        }
        return Optional.of(checked(response, path).body());
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String path) throws IOException, InterruptedException {
        return checked(exchange(request), path);
    }

    private HttpResponse<String> exchange(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofMinutes(1)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> checked(HttpResponse<String> response, String path) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode());
        }
        return response;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
