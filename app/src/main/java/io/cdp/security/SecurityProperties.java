package io.cdp.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param adminUsername the bootstrap administrator, always present
 * @param adminPassword its password; when blank a random one is generated at start-up and
 *                      printed once, as Spring Boot does for its default user
 * @param maxBodySize   largest request body outside ingestion ({@code /v1} has its own limits)
 * @param maxUploadSize largest CSV upload ({@code /api/admin/import/**}), which is streamed, never held whole
 * @param login         throttling of failed password logins
 */
@ConfigurationProperties("cdp.security")
record SecurityProperties(
        String adminUsername,
        String adminPassword,
        @DefaultValue("1MB") DataSize maxBodySize,
        @DefaultValue("1GB") DataSize maxUploadSize,
        @DefaultValue Login login) {

    SecurityProperties {
        adminUsername = adminUsername == null || adminUsername.isBlank() ? "admin" : adminUsername;
    }

    /**
     * Failed logins are counted per username and client address, and per client address alone. Reaching a
     * threshold locks that key for {@code lockFor}, doubled with every further failure up to {@code maxLock};
     * a successful login clears the username's count at that address. Counts are forgotten
     * {@code forgetAfter} after the last failure.
     *
     * @param maxFailuresPerUser    failures of one username from one address before it is locked there
     * @param maxFailuresPerAddress failures from one address, whatever the usernames, before it is locked
     */
    record Login(
            @DefaultValue("5") int maxFailuresPerUser,
            @DefaultValue("20") int maxFailuresPerAddress,
            @DefaultValue("1m") Duration lockFor,
            @DefaultValue("15m") Duration maxLock,
            @DefaultValue("1h") Duration forgetAfter) {
    }
}
