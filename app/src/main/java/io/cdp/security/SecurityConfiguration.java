package io.cdp.security;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call what. Ingestion ({@code /v1/**}) is open here because it authenticates with
 * write keys itself; everything else needs a user (HTTP Basic) or an API token (Bearer).
 * Reads need VIEWER, changes MARKETER, administration and erasure ADMIN. The filter chains exist
 * only in a web application: the import command runs the same context without a web server, and
 * so without {@code HttpSecurity}.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /**
     * SDKs send the write key as an HTTP Basic username: Spring's Basic filter must never see
     * it as a user login, so ingestion has its own chain without one.
     */
    @Bean
    @Order(1)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    SecurityFilterChain ingestionSecurity(HttpSecurity http) throws Exception {
        return http
                .securityMatcher("/v1/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(authorize -> authorize.anyRequest().permitAll())
                .build();
    }

    @Bean
    @Order(2)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    SecurityFilterChain apiSecurity(HttpSecurity http, AccountService accounts, PasswordEncoder passwordEncoder,
            LoginThrottle throttle, JsonMapper json) throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, exception) -> {
            if (exception instanceof ThrottledAuthenticationProvider.LoginThrottledException throttled) {
                response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(throttled.retryAfterSeconds()));
                writeProblem(response, json, problem(HttpStatus.TOO_MANY_REQUESTS,
                        "too many failed logins: retry after " + throttled.retryAfterSeconds() + " seconds"));
                return;
            }
            response.setHeader("WWW-Authenticate", "Basic realm=\"cdp\", Bearer");
            writeProblem(response, json, problem(HttpStatus.UNAUTHORIZED,
                    "authentication required: HTTP Basic user or Bearer API token"));
        };
        AccessDeniedHandler forbidden = (request, response, exception) ->
                writeProblem(response, json, problem(HttpStatus.FORBIDDEN, "your role does not allow this request"));
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(accounts);
        passwords.setPasswordEncoder(passwordEncoder);
        http
                .csrf(csrf -> csrf.disable()) // stateless API: no cookies, no sessions to ride on
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthorized))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                .addFilterBefore(new ApiTokenAuthenticationFilter(accounts, unauthorized), BasicAuthenticationFilter.class)
                // the only way to check a password: no parent manager that would skip the throttle
                .authenticationManager(new ProviderManager(new ThrottledAuthenticationProvider(passwords, throttle)))
                .authorizeHttpRequests(authorize -> authorize
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**").permitAll()
                        .requestMatchers("/error").permitAll()
                        // one-click unsubscribe links in emails: the signed token is the authorisation
                        .requestMatchers("/unsubscribe").permitAll()
                        .requestMatchers("/actuator/**", "/api/admin/**").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.DELETE, "/api/profiles/**").hasRole("ADMIN")
                        .requestMatchers("/api/profiles/*/export").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.GET, "/api/**").hasRole("VIEWER")
                        .requestMatchers("/api/**").hasRole("MARKETER")
                        .anyRequest().denyAll());
        return http.build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    /** First of all filters, ahead of security: a body over its limit is refused before anyone reads it. */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(SecurityProperties properties,
            JsonMapper json) {
        FilterRegistrationBean<RequestBodyLimitFilter> registration =
                new FilterRegistrationBean<>(new RequestBodyLimitFilter(properties, json));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    private static ProblemDetail problem(HttpStatus status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("about:blank"));
        return problem;
    }

    /** For answers given before Spring MVC, whose problem-details handler renders all the others. */
    static void writeProblem(HttpServletResponse response, JsonMapper json, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
