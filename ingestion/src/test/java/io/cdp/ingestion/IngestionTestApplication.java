package io.cdp.ingestion;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

import io.cdp.platform.PlatformConfiguration;

/** The ingestion module alone, on the shared Elasticsearch client. */
@SpringBootApplication
@Import(PlatformConfiguration.class)
public class IngestionTestApplication {
}
