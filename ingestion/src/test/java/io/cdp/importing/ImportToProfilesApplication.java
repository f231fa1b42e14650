package io.cdp.importing;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

import io.cdp.ingestion.IngestionConfiguration;
import io.cdp.profile.ProfileStoreConfiguration;

/**
 * Ingestion with the profile store behind it, as in the app: imported files end as profiles. Outside
 * {@code io.cdp.ingestion} so that the module's other tests do not start the profile store.
 */
@SpringBootApplication(scanBasePackageClasses = IngestionConfiguration.class)
@Import(ProfileStoreConfiguration.class)
public class ImportToProfilesApplication {
}
