package io.cdp.profile;

import java.time.Duration;

import org.apache.http.HttpHost;
import org.apache.http.client.config.RequestConfig;
import org.elasticsearch.client.RestClient;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientOptions;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import io.cdp.profile.store.IsoTime;

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
                .registerModule(IsoTime.jacksonModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        RestClient restClient = RestClient.builder(HttpHost.create(url)).build();
        return new ElasticsearchClient(new RestClientTransport(restClient, new JacksonJsonpMapper(mapper)));
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
