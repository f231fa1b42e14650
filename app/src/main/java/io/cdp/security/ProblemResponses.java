package io.cdp.security;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import lombok.RequiredArgsConstructor;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * The problem details of requests refused before Spring MVC, whose problem-details handler renders all the
 * others: 401 (or 429 for a throttled login), 403, and a body over its limit.
 */
@Component
@RequiredArgsConstructor
class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final JsonMapper json;

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        if (exception instanceof ThrottledAuthenticationProvider.LoginThrottledException throttled) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(throttled.retryAfterSeconds()));
            write(response, problem(HttpStatus.TOO_MANY_REQUESTS,
                    "too many failed logins: retry after " + throttled.retryAfterSeconds() + " seconds"));
            return;
        }
        response.setHeader("WWW-Authenticate", "Basic realm=\"cdp\", Bearer");
        write(response, problem(HttpStatus.UNAUTHORIZED, "authentication required: HTTP Basic user or Bearer API token"));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException exception)
            throws IOException {
        write(response, problem(HttpStatus.FORBIDDEN, "your role does not allow this request"));
    }

    private void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        write(response, json, problem);
    }

    static void write(HttpServletResponse response, JsonMapper json, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

    private static ProblemDetail problem(HttpStatus status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("about:blank"));
        return problem;
    }
}
