package io.cdp.security;

import java.util.List;
import java.util.Map;

import lombok.RequiredArgsConstructor;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Admin API for users (HTTP Basic) and API tokens (Bearer). Secrets are never echoed back. */
@RestController
@RequiredArgsConstructor
class AccountController {

    record NewUser(String username, String password, Role role) {
    }

    record UserView(String username, Role role) {
    }

    record NewToken(String name, Role role) {
    }

    private final AccountService accounts;

    @PostMapping("/api/admin/users")
    @ResponseStatus(HttpStatus.CREATED)
    UserView createUser(@RequestBody NewUser user) {
        UserAccount account = accounts.createUser(user.username(), user.password(), user.role());
        return new UserView(account.username(), account.role());
    }

    @GetMapping("/api/admin/users")
    List<UserView> users() {
        return accounts.users().stream().map(account -> new UserView(account.username(), account.role())).toList();
    }

    @DeleteMapping("/api/admin/users/{username}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deleteUser(@PathVariable String username) {
        accounts.deleteUser(username);
    }

    @PostMapping("/api/admin/tokens")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, String> createToken(@RequestBody NewToken token) {
        return Map.of("token", accounts.createToken(token.name(), token.role()),
                "notice", "store this token now: it is not shown again");
    }

    @GetMapping("/api/admin/tokens")
    List<ApiToken.View> tokens() {
        return accounts.tokens();
    }

    @DeleteMapping("/api/admin/tokens/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deleteToken(@PathVariable String id) {
        accounts.deleteToken(id);
    }
}
