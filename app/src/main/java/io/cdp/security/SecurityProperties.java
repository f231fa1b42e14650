package io.cdp.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param adminUsername the bootstrap administrator, always present
 * @param adminPassword its password; when blank a random one is generated at start-up and
 *                      printed once, as Spring Boot does for its default user
 */
@ConfigurationProperties("cdp.security")
record SecurityProperties(String adminUsername, String adminPassword) {

    SecurityProperties {
        adminUsername = adminUsername == null || adminUsername.isBlank() ? "admin" : adminUsername;
    }
}
