package io.cdp.activation.web;

import lombok.RequiredArgsConstructor;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

import io.cdp.activation.engine.ConsentPublisher;
import io.cdp.activation.send.UnsubscribeTokens;

/**
 * Public one-click unsubscribe (RFC 8058). POST unsubscribes: mailbox providers post
 * {@code List-Unsubscribe=One-Click}, the confirmation page posts its form. GET only shows that
 * page, because link scanners follow GET links in mails and must not unsubscribe anyone.
 */
@RestController
@RequiredArgsConstructor
class UnsubscribeController {

    private final UnsubscribeTokens tokens;
    private final ConsentPublisher consent;

    @GetMapping(value = "/unsubscribe", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> confirm(@RequestParam String token) {
        if (tokens.verify(token).isEmpty()) {
            return invalid();
        }
        return ResponseEntity.ok("<!doctype html><title>Unsubscribe</title><form method=\"post\">"
                + "<input type=\"hidden\" name=\"token\" value=\"" + HtmlUtils.htmlEscape(token) + "\">"
                + "<button>Unsubscribe</button></form>");
    }

    @PostMapping(value = "/unsubscribe", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> unsubscribe(@RequestParam String token) {
        var request = tokens.verify(token);
        if (request.isEmpty()) {
            return invalid();
        }
        consent.withdraw(request.get().profileId(), request.get().channel(), request.get().activationId());
        return ResponseEntity.ok("<!doctype html><title>Unsubscribed</title><p>You are unsubscribed.</p>");
    }

    private static ResponseEntity<String> invalid() {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST)
                .body("<!doctype html><title>Invalid link</title><p>This unsubscribe link is not valid.</p>");
    }
}
