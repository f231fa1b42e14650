package io.cdp.security;

import io.cdp.platform.web.InvalidRequestException;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import lombok.RequiredArgsConstructor;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/** Who may sign in: the bootstrap admin from configuration plus users and tokens in Elasticsearch. */
@Service
@RequiredArgsConstructor
class AccountService implements UserDetailsService {

    private static final int MIN_PASSWORD_LENGTH = 8;

    private final AccountStore store;
    private final PasswordEncoder passwordEncoder;
    private final Clock clock;
    private final BootstrapAdmin admin;

    @Override
    public UserDetails loadUserByUsername(String username) {
        if (admin.username().equalsIgnoreCase(username)) {
            return user(admin.username(), admin.passwordHash(), Role.ADMIN);
        }
        UserAccount account = store.findUser(username)
                .orElseThrow(() -> new UsernameNotFoundException("unknown user"));
        return user(account.username(), account.passwordHash(), account.role());
    }

    UserAccount createUser(String username, String password, Role role) {
        UserAccount.validUsername(username);
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new InvalidRequestException("password", "must have at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        if (role == null) {
            throw new InvalidRequestException("role", "must be one of ADMIN, MARKETER, VIEWER");
        }
        // the lookup also finds accounts stored before names were keyed in lower case; the create-only
        // write below is what settles two concurrent creations
        if (admin.username().equalsIgnoreCase(username) || store.findUser(username).isPresent()) {
            throw new UsernameTakenException();
        }
        UserAccount account = new UserAccount(username, passwordEncoder.encode(password), role, Instant.now(clock));
        if (!store.createUser(account)) {
            throw new UsernameTakenException();
        }
        return account;
    }

    List<UserAccount> users() {
        return store.listUsers();
    }

    void deleteUser(String username) {
        store.deleteUser(username);
    }

    /** Returns the token string; it is shown once and never stored. */
    String createToken(String name, Role role) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new InvalidRequestException("name", "must be 1 to 100 characters");
        }
        if (role == null) {
            throw new InvalidRequestException("role", "must be one of ADMIN, MARKETER, VIEWER");
        }
        String id = Credentials.randomSecret("").substring(0, 16);
        String secret = Credentials.randomSecret("");
        store.createToken(new ApiToken(id, name, role, Instant.now(clock), Credentials.sha256(secret)));
        return ApiToken.PREFIX + id + "." + secret;
    }

    List<ApiToken.View> tokens() {
        return store.listTokens().stream().map(ApiToken::view).toList();
    }

    void deleteToken(String tokenId) {
        store.deleteToken(tokenId);
    }

    /** Resolves a bearer token, comparing digests in constant time. */
    Optional<ApiToken> authenticateToken(String token) {
        if (token == null || !token.startsWith(ApiToken.PREFIX)) {
            return Optional.empty();
        }
        String rest = token.substring(ApiToken.PREFIX.length());
        int dot = rest.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String digest = Credentials.sha256(rest.substring(dot + 1));
        return store.findToken(rest.substring(0, dot)).filter(stored -> MessageDigest.isEqual(
                stored.secretDigest().getBytes(StandardCharsets.UTF_8), digest.getBytes(StandardCharsets.UTF_8)));
    }

    private static UserDetails user(String username, String passwordHash, Role role) {
        return User.withUsername(username).password(passwordHash).roles(role.impliedRoles()).build();
    }
}
