package io.cdp.security;

import java.util.Locale;

import org.springframework.security.core.Authentication;

/**
 * Who is signed in to the console, as every page's layout needs it: the name and role in the top
 * bar, and whether to show edit controls ({@code canEdit}) and the admin section ({@code admin}).
 * Hiding a control is only courtesy: the filter chain refuses the request whatever the page shows.
 */
record ConsoleUser(String username, Role role) {

    static ConsoleUser of(Authentication authentication) {
        Role role = authentication.getAuthorities().stream()
                .map(authority -> authority.getAuthority())
                // Spring Security also grants factor authorities (FACTOR_PASSWORD): only roles count here
                .filter(authority -> authority.startsWith("ROLE_"))
                .map(authority -> Role.valueOf(authority.substring("ROLE_".length())))
                .min(Enum::compareTo) // ADMIN < MARKETER < VIEWER in declaration order: the strongest
                .orElse(Role.VIEWER);
        return new ConsoleUser(authentication.getName(), role);
    }

    public boolean canEdit() {
        return role != Role.VIEWER;
    }

    public boolean admin() {
        return role == Role.ADMIN;
    }

    public String roleLabel() {
        String name = role.name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
