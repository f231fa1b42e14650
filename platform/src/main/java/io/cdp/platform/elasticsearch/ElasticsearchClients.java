package io.cdp.platform.elasticsearch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

import org.apache.http.HttpHost;
import org.apache.http.client.config.RequestConfig;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientOptions;
import co.elastic.clients.transport.rest_client.RestClientTransport;

import io.cdp.platform.IsoTime;


/**
 * Builds the Elasticsearch client every module shares. Documents are mapped with Jackson 2
 * (the client's own JSON layer), dates as ISO-8601 strings, unknown fields ignored so that
 * older code reads newer documents.
 */
public final class ElasticsearchClients {

    private ElasticsearchClients() {
    }

    public static ElasticsearchClient create(String url) {
        ObjectMapper mapper = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .registerModule(IsoTime.jackson2Module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        RestClient restClient = RestClient.builder(HttpHost.create(url)).build();
        return new ElasticsearchClient(new RestClientTransport(restClient, new JacksonJsonpMapper(mapper)));
    }

    /** A request to Elasticsearch, which the client declares as throwing IOException. */
    @FunctionalInterface
    public interface Call<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code call}, rethrowing an IOException (Elasticsearch unreachable, a broken response) as
     * UncheckedIOException: callers can do nothing better than fail the request or retry the record, and
     * the listeners' failure classifiers count it as transient.
     */
    public static <T> T unchecked(Call<T> call) {
        try {
            return call.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs a create-only ({@code op_type=create}) or conditional ({@code if_seq_no}) {@code write}: true when it was written, false when Elasticsearch refused it with 409 (the
     * document exists, or changed since it was read). The client hands some 409s over as the low-level
     * ResponseException instead of parsing them (every {@code _create} with {@code refresh=wait_for}), so
     * both are conflicts; anything else is rethrown.
     */
    public static boolean written(Call<?> write) {
        try {
            write.run();
            return true;
        } catch (ElasticsearchException e) {
            if (e.status() == 409) {
                return false;
            }
            throw e;
        } catch (ResponseException e) {
            if (e.getResponse().getStatusLine().getStatusCode() == 409) {
                return false;
            }
            throw new UncheckedIOException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The same client with every wait of a request (a pooled connection, connecting, each read)
     * bounded by {@code timeout} instead of the low-level client's 30 s socket timeout: for reads
     * that have a better answer than waiting when Elasticsearch does not respond.
     */
    public static ElasticsearchClient withTimeout(ElasticsearchClient client, Duration timeout) {
        int millis = Math.toIntExact(timeout.toMillis());
        // create() builds a RestClientTransport, whose options are RestClientOptions
        RestClientOptions.Builder options = ((RestClientOptions) client._transport().options()).toBuilder();
        options.restClientRequestOptionsBuilder().setRequestConfig(RequestConfig.custom()
                .setConnectionRequestTimeout(millis).setConnectTimeout(millis).setSocketTimeout(millis).build());
        return client.withTransportOptions(options.build());
    }
}
