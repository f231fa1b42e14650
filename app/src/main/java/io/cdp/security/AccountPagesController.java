package io.cdp.security;

import java.util.Map;

import lombok.RequiredArgsConstructor;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

import io.cdp.platform.web.FormProblems;

/**
 * The console's admin page for users and API tokens, on the same {@link AccountService} as
 * {@link AccountController}. A refused form is shown again with the problem next to its field and
 * what was typed kept (never the password); a new token is shown once, like the API does.
 */
@Controller
@RequestMapping("/admin")
@RequiredArgsConstructor
class AccountPagesController {

    private final AccountService accounts;

    @GetMapping
    String accounts(Model model) {
        fill(model);
        return "admin/accounts";
    }

    @PostMapping("/users")
    String createUser(@RequestParam String username, @RequestParam String password,
            @RequestParam(required = false) Role role, Model model) {
        try {
            accounts.createUser(username, password, role);
            return "redirect:/admin?created=" + username;
        } catch (RuntimeException refused) {
            Map<String, String> problems = FormProblems.of(refused).orElseThrow(() -> refused);
            model.addAttribute("userProblems", problems);
            model.addAttribute("typedUsername", username);
            model.addAttribute("typedRole", role);
            fill(model);
            return "admin/accounts";
        }
    }

    @GetMapping("/users/{username}/delete")
    String confirmDeleteUser(@PathVariable String username, Model model) {
        model.addAttribute("username", accounts.users().stream()
                .filter(user -> user.username().equalsIgnoreCase(username)).findFirst()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such user")).username());
        return "admin/delete-user";
    }

    @PostMapping("/users/{username}/delete")
    String deleteUser(@PathVariable String username) {
        accounts.deleteUser(username);
        return "redirect:/admin?deleted=" + username;
    }

    @PostMapping("/tokens")
    String createToken(@RequestParam String name, @RequestParam(required = false) Role role, Model model) {
        try {
            model.addAttribute("newToken", accounts.createToken(name, role));
            model.addAttribute("newTokenName", name);
        } catch (RuntimeException refused) {
            model.addAttribute("tokenProblems", FormProblems.of(refused).orElseThrow(() -> refused));
            model.addAttribute("typedTokenName", name);
        }
        fill(model);
        return "admin/accounts";
    }

    @PostMapping("/tokens/{id}/delete")
    String deleteToken(@PathVariable String id) {
        accounts.deleteToken(id);
        return "redirect:/admin?revoked";
    }

    private void fill(Model model) {
        model.addAttribute("users", accounts.users());
        model.addAttribute("tokens", accounts.tokens());
        model.addAttribute("roles", Role.values());
    }
}
