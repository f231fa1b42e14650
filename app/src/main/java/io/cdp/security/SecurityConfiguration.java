package io.cdp.security;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Who may call what. Ingestion ({@code /v1/**}) is open here because it authenticates with
 * write keys itself; the API needs a user (HTTP Basic) or an API token (Bearer), statelessly; the
 * console (every other path) signs users in with a form and a session, and so needs CSRF tokens.
 * Reads need VIEWER, changes MARKETER, administration and erasure ADMIN, in the API and the console alike. The filter chains exist
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
            LoginThrottle throttle, ProblemResponses problems) throws Exception {
        http
                .securityMatcher("/api/**", "/actuator", "/actuator/**", "/v3/api-docs", "/v3/api-docs/**", "/unsubscribe")
                .csrf(csrf -> csrf.disable()) // stateless API: no cookies, no sessions to ride on
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.authenticationEntryPoint(problems))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .addFilterBefore(new ApiTokenAuthenticationFilter(accounts, problems), BasicAuthenticationFilter.class)
                .authenticationManager(passwordLogins(accounts, passwordEncoder, throttle))
                .authorizeHttpRequests(authorize -> authorize
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**").permitAll()
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

    /**
     * The console: form sign-in, a session cookie, and therefore CSRF tokens on every change (the
     * layout hands them to htmx). Same roles as the API: pages are read with VIEWER, forms change
     * things with MARKETER, {@code /admin} needs ADMIN.
     */
    @Bean
    @Order(3)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    SecurityFilterChain consoleSecurity(HttpSecurity http, AccountService accounts, PasswordEncoder passwordEncoder,
            LoginThrottle throttle) throws Exception {
        return http
                .authenticationManager(passwordLogins(accounts, passwordEncoder, throttle))
                .formLogin(form -> form.loginPage("/login").failureHandler(new SignInFailureHandler()).permitAll())
                .logout(logout -> logout.logoutSuccessUrl("/login?signedOut"))
                .authorizeHttpRequests(authorize -> authorize
                        // the path, whatever the query: the form's own permitAll matches "/login?error" exactly
                        .requestMatchers("/login", "/error", "/console/**", "/webjars/**", "/favicon.ico").permitAll()
                        .requestMatchers("/admin", "/admin/**").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.GET, "/**").hasRole("VIEWER")
                        // a draft's size estimate changes nothing: it is posted only because a draft is a form
                        .requestMatchers(HttpMethod.POST, "/segments/estimate").hasRole("VIEWER")
                        .anyRequest().hasRole("MARKETER"))
                .build();
    }

    /** The only way to check a password: no parent manager that would skip the throttle. */
    private static ProviderManager passwordLogins(AccountService accounts, PasswordEncoder passwordEncoder,
            LoginThrottle throttle) {
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(accounts);
        passwords.setPasswordEncoder(passwordEncoder);
        return new ProviderManager(new ThrottledAuthenticationProvider(passwords, throttle));
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    @Bean
    BootstrapAdmin bootstrapAdmin(SecurityProperties properties, PasswordEncoder passwordEncoder) {
        return BootstrapAdmin.of(properties, passwordEncoder);
    }
}
