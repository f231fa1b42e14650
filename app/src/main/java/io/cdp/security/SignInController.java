package io.cdp.security;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The console's sign-in page, and its front door: {@code /} opens the overview. */
@Controller
class SignInController {

    @GetMapping("/login")
    String signIn() {
        return "console/login";
    }

    @GetMapping("/")
    String home() {
        return "redirect:/overview";
    }
}
