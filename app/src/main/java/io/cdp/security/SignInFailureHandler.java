package io.cdp.security;

import java.io.IOException;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Back to the sign-in form after a failed attempt, saying whether the password was wrong or the
 * throttle holds this name for a while (the form then says how long, as the API's 429 does).
 */
final class SignInFailureHandler implements AuthenticationFailureHandler {

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException exception) throws IOException {
        String target = exception instanceof ThrottledAuthenticationProvider.LoginThrottledException throttled
                ? "/login?throttled=" + throttled.retryAfterSeconds()
                : "/login?error";
        response.sendRedirect(request.getContextPath() + target);
    }
}
