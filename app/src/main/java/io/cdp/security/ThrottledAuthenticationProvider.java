package io.cdp.security;

import java.time.Duration;

import lombok.RequiredArgsConstructor;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Password authentication behind {@link LoginThrottle}: a throttled login is refused before its password
 * is checked. It sits in the authentication manager, not in a filter, so every password login (HTTP Basic
 * today, a form login tomorrow) goes through it.
 */
@RequiredArgsConstructor
final class ThrottledAuthenticationProvider implements AuthenticationProvider {

    /** Refused for earlier failures: the entry point answers 429 with {@code Retry-After}. */
    static final class LoginThrottledException extends LockedException {

        private final transient Duration retryAfter;

        LoginThrottledException(Duration retryAfter) {
            super("too many failed logins");
            this.retryAfter = retryAfter;
        }

        /** Whole seconds, rounded up, as {@code Retry-After} wants them. */
        long retryAfterSeconds() {
            return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        }
    }

    private final AuthenticationProvider passwords;
    private final LoginThrottle throttle;

    @Override
    public Authentication authenticate(Authentication authentication) {
        String username = authentication.getName();
        String address = authentication.getDetails() instanceof WebAuthenticationDetails web
                && web.getRemoteAddress() != null ? web.getRemoteAddress() : "unknown";
        Duration wait = throttle.retryAfter(username, address);
        if (!wait.isZero()) {
            throw new LoginThrottledException(wait);
        }
        try {
            Authentication authenticated = passwords.authenticate(authentication);
            throttle.succeeded(username, address);
            return authenticated;
        } catch (BadCredentialsException e) {
            throttle.failed(username, address);
            throw e;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return passwords.supports(authentication);
    }
}
