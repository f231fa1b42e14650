package io.cdp.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The admin from configuration, who signs in beside the accounts in Elasticsearch; its password kept only hashed. */
record BootstrapAdmin(String username, String passwordHash) {

    private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);

    static BootstrapAdmin of(SecurityProperties properties, PasswordEncoder passwordEncoder) {
        String password = properties.adminPassword();
        if (password == null || password.isBlank()) {
            password = Credentials.randomSecret("");
            log.warn("No cdp.security.admin-password set; generated one for user '{}': {}", properties.adminUsername(),
                    password);
        }
        return new BootstrapAdmin(properties.adminUsername(), passwordEncoder.encode(password));
    }

    /** Without the hash, should the admin ever be logged. */
    @Override
    public String toString() {
        return "BootstrapAdmin[username=" + username + "]";
    }
}
