/**
 * The platform kernel every module builds on: topic names, the event contract between ingestion and the
 * profile store, identifier value types with one set of rules, and the Elasticsearch and Kafka plumbing
 * ({@code elasticsearch}, {@code kafka}). It holds no business logic and depends on no other module.
 */
@ApplicationModule(type = ApplicationModule.Type.OPEN, displayName = "Platform kernel")
package io.cdp.platform;

import org.springframework.modulith.ApplicationModule;
