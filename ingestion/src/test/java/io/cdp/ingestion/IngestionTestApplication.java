package io.cdp.ingestion;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

import io.cdp.profile.ElasticsearchConfiguration;

/** The ingestion module alone, on the shared Elasticsearch client. */
@SpringBootApplication
@Import(ElasticsearchConfiguration.class)
public class IngestionTestApplication {
}
