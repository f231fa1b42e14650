package io.cdp.security;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Who is signed in, for the console's layout: it asks {@code @consoleUser.current()} once per page, so
 * that no module's page controller needs to know about security, and error pages (rendered outside
 * any controller) show the user too.
 */
@Component("consoleUser")
class ConsoleUsers {

    private final HttpSessionSecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

    /** The signed-in user, or null on the sign-in page and for anonymous visitors. */
    public ConsoleUser current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if ((authentication == null || authentication instanceof AnonymousAuthenticationToken)
                && RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request) {
            // an error page is a second dispatch, after the security filters cleared the holder
            authentication = sessions.loadDeferredContext(request.getRequest()).get().getAuthentication();
        }
        if (authentication == null || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            return null;
        }
        return ConsoleUser.of(authentication);
    }
}
