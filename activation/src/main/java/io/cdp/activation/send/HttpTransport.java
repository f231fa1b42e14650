package io.cdp.activation.send;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.util.Timeout;
import org.springframework.stereotype.Component;

/**
 * JSON over HTTP to a destination; error statuses become {@link DestinationException}. Every
 * connection goes only to addresses the {@link DestinationGuard} allows (checked on the resolved
 * address, so DNS rebinding gains nothing), and redirects are not followed: a 3xx is an error.
 */
@Component
final class HttpTransport {

    private final CloseableHttpClient client;

    private static final Timeout TIMEOUT = Timeout.of(Duration.ofSeconds(30));

    HttpTransport(DestinationGuard guard) {
        Timeout limit = TIMEOUT;
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(new GuardedDnsResolver(guard))
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(limit)
                                .setSocketTimeout(limit).build())
                        .setMaxConnTotal(64).setMaxConnPerRoute(16).build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(limit).build())
                .disableRedirectHandling()
                // retries are the dispatcher's, with backoff and a budget
                .disableAutomaticRetries()
                .disableCookieManagement()
                .build();
    }

    /** Sends and returns the response body; {@code what} names the call in errors. */
    public String send(String method, String url, Map<String, String> headers, String body, String what) {
        ClassicRequestBuilder builder = ClassicRequestBuilder.create(method).setUri(url)
                .setHeader("Content-Type", "application/json");
        if (body != null) {
            builder.setEntity(new StringEntity(body, StandardCharsets.UTF_8));
        }
        headers.forEach(builder::setHeader);
        ClassicHttpRequest request = builder.build();
        try {
            return client.execute(request, response -> {
                String text = response.getEntity() == null ? ""
                        : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
                if (response.getCode() / 100 != 2) {
                    Header retryAfter = response.getFirstHeader("Retry-After");
                    throw new DestinationException(response.getCode(),
                            retryAfter(retryAfter == null ? null : retryAfter.getValue()),
                            what + " answered HTTP " + response.getCode());
                }
                return text;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Retry-After is delay-seconds or an HTTP date (RFC 9110 10.2.3). */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    /** The client's only way from a name to the addresses it connects to. */
    private record GuardedDnsResolver(DestinationGuard guard) implements DnsResolver {

        @Override
        public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
            return guard.resolve(host, port);
        }

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            throw new UnknownHostException("resolved with the port only, so that every endpoint is checked");
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            return host;
        }
    }
}
