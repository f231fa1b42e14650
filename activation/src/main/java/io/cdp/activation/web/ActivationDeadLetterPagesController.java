package io.cdp.activation.web;

import lombok.RequiredArgsConstructor;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.cdp.activation.domain.DeliveryState;
import io.cdp.activation.store.DeliveryStore;
import io.cdp.activation.store.SyncDeadLetterStore;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The admin console's dead letters of activation: deliveries that failed for good and audience
 * changes a destination refused, each with a retry button (the API's {@link DeliveryRetries}).
 * Beside the platform's own dead letters at {@code /admin/dead-letters}, which link here.
 */
@Controller
@RequiredArgsConstructor
class ActivationDeadLetterPagesController {

    private static final int PAGE = 25;
    private static final int SYNC_LETTERS = 50;

    private final DeliveryStore deliveries;
    private final SyncDeadLetterStore syncDeadLetters;
    private final DeliveryRetries retries;

    @GetMapping("/admin/dead-letters/activations")
    String deadLetters(@RequestParam(defaultValue = "0") int offset, HttpServletRequest request, Model model) {
        model.addAttribute("dead",
                deliveries.page(null, null, DeliveryState.DEAD, Math.min(Math.max(offset, 0), 9_000), PAGE));
        model.addAttribute("syncLetters", FailureDetail.shown(request, syncDeadLetters.newest(SYNC_LETTERS)));
        return "activations/dead-letters";
    }

    @PostMapping("/admin/dead-letters/activations/deliveries/{key}/retry")
    String retryDelivery(@PathVariable String key) {
        retries.retryDelivery(key);
        return "redirect:/admin/dead-letters/activations?retried=delivery";
    }

    @PostMapping("/admin/dead-letters/activations/syncs/{id}/retry")
    String retrySync(@PathVariable String id) {
        retries.retrySyncDeadLetter(id);
        return "redirect:/admin/dead-letters/activations?retried=sync";
    }
}
