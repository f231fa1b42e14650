package io.cdp.security;

/**
 * What a user or API token may do. Viewers read; marketers also build and change segments and
 * activations; admins also manage sources, users, tokens, imports, dead letters and erasure.
 */
enum Role {
    ADMIN, MARKETER, VIEWER;

    /** Spring authorities: a role implies the roles below it. */
    String[] impliedRoles() {
        return switch (this) {
            case ADMIN -> new String[] {"ADMIN", "MARKETER", "VIEWER"};
            case MARKETER -> new String[] {"MARKETER", "VIEWER"};
            case VIEWER -> new String[] {"VIEWER"};
        };
    }
}
