package io.cdp.activation.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import lombok.RequiredArgsConstructor;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

import io.cdp.activation.domain.Activation;
import io.cdp.activation.domain.Destination;
import io.cdp.activation.domain.DestinationKind;
import io.cdp.activation.store.Catalog;
import io.cdp.platform.web.FormProblems;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The console's destinations: the list and one form per kind. Every address typed here goes
 * through {@link DestinationCommands} and so the same guard as the API; a refusal comes back next
 * to its field. Secrets are never shown: a blank secret on an edit keeps the stored one while the
 * destination sends where it did.
 */
@Controller
@RequiredArgsConstructor
class DestinationPagesController {

    /** A field of a destination's form: its setting or secret name and the words for it. */
    record Field(String name, String label, String hint, boolean secret) {
    }

    private static final Map<DestinationKind, List<Field>> FIELDS = Map.of(
            DestinationKind.EMAIL, List.of(setting("host", "SMTP server", "e.g. smtp.example.com"),
                    setting("port", "Port", "587 for STARTTLS, 25 or 2525 otherwise"),
                    setting("from", "From address", "the sender people see"),
                    setting("username", "Username (optional)", null),
                    setting("starttls", "STARTTLS (true or false)", null),
                    secret("password", "Password (optional)")),
            DestinationKind.META, List.of(setting("baseUrl", "Graph API URL", "https://graph.facebook.com/v21.0"),
                    setting("audienceId", "Custom Audience id", null), secret("accessToken", "Access token")),
            DestinationKind.GOOGLE_ADS, List.of(setting("baseUrl", "Google Ads API URL", null),
                    setting("customerId", "Customer id", null), setting("userListId", "Customer Match list id", null),
                    secret("accessToken", "Access token"), secret("developerToken", "Developer token")),
            DestinationKind.CRM, List.of(setting("baseUrl", "CRM API URL", null), secret("accessToken", "Access token")),
            DestinationKind.WEBHOOK, List.of(setting("url", "Webhook URL", "where each entry or exit is POSTed as JSON"),
                    secret("signingKey", "Signing key", "signs every call (X-CDP-Signature)")),
            DestinationKind.KAFKA, List.of(setting("topic", "Kafka topic", "not one of the platform's own topics")),
            DestinationKind.CSV, List.of());

    /** Secrets by name ("accessToken") and their label ("Access token"), for the list. */
    private static final Map<String, String> SECRET_LABELS = FIELDS.values().stream().flatMap(List::stream)
            .filter(Field::secret).collect(Collectors.toMap(Field::name, f -> f.label().replace(" (optional)", ""),
                    (a, b) -> a));

    private final Catalog catalog;
    private final DestinationCommands commands;

    @GetMapping("/destinations")
    String list(Model model) {
        Map<String, Long> uses = new LinkedHashMap<>();
        for (Activation activation : catalog.activations()) {
            uses.merge(activation.destinationId(), 1L, Long::sum);
        }
        List<DestinationController.DestinationView> destinations = catalog.destinations().list().stream()
                .map(DestinationController.DestinationView::of).toList();
        model.addAttribute("destinations", destinations);
        model.addAttribute("secrets", destinations.stream().collect(Collectors.toMap(
                DestinationController.DestinationView::id, d -> d.secretsSet().stream()
                        .map(name -> SECRET_LABELS.getOrDefault(name, name)).collect(Collectors.joining(", ")))));
        model.addAttribute("uses", uses);
        model.addAttribute("kinds", DestinationKind.values());
        return "destinations/list";
    }

    @GetMapping("/destinations/new")
    String newDestination(@RequestParam(defaultValue = "WEBHOOK") DestinationKind kind, Model model) {
        return form(model, null, kind, "", Map.of(), Set.of(), null);
    }

    @PostMapping("/destinations")
    String create(@RequestParam DestinationKind kind, @RequestParam(defaultValue = "") String name,
            @RequestParam Map<String, String> typed, Model model) {
        try {
            commands.create(name, kind, values(typed, "settings."), values(typed, "secrets."));
            return "redirect:/destinations?saved=" + name;
        } catch (RuntimeException refused) {
            return form(model, null, kind, name, values(typed, "settings."), Set.of(), problems(kind, refused));
        }
    }

    @GetMapping("/destinations/{id}/edit")
    String edit(@PathVariable String id, Model model) {
        Destination destination = commands.existing(id);
        return form(model, id, destination.kind(), destination.name(), destination.settings(),
                new TreeSet<>(destination.secrets().keySet()), null);
    }

    @PostMapping("/destinations/{id}")
    String update(@PathVariable String id, @RequestParam DestinationKind kind,
            @RequestParam(defaultValue = "") String name, @RequestParam Map<String, String> typed, Model model) {
        try {
            commands.update(id, name, kind, values(typed, "settings."), values(typed, "secrets."));
            return "redirect:/destinations?saved=" + name;
        } catch (RuntimeException refused) {
            return form(model, id, kind, name, values(typed, "settings."),
                    new TreeSet<>(commands.existing(id).secrets().keySet()), problems(kind, refused));
        }
    }

    /** What deleting the destination means: refused while activations send to it, which the page lists. */
    @GetMapping("/destinations/{id}/delete")
    String confirmDelete(@PathVariable String id, Model model) {
        return confirmation(model, commands.existing(id), null);
    }

    @PostMapping("/destinations/{id}/delete")
    String delete(@PathVariable String id, HttpServletResponse response, Model model) {
        Destination destination = commands.existing(id);
        try {
            commands.delete(id);
        } catch (DestinationInUseException refused) {
            // an activation started using it after the confirmation was shown
            response.setStatus(HttpStatus.CONFLICT.value());
            return confirmation(model, destination, refused.getBody().getDetail());
        }
        return "redirect:" + UriComponentsBuilder.fromPath("/destinations").queryParam("deleted", destination.name())
                .encode().toUriString();
    }

    private String confirmation(Model model, Destination destination, String refusal) {
        model.addAttribute("destination", destination);
        model.addAttribute("users", commands.users(destination.id()));
        model.addAttribute("refusal", refusal);
        return "destinations/delete";
    }

    /** The refusal next to its field, naming the field by its label ("Webhook URL") rather than "settings.url". */
    private static Map<String, String> problems(DestinationKind kind, RuntimeException refused) {
        Map<String, String> problems = new LinkedHashMap<>(FormProblems.of(refused).orElseThrow(() -> refused));
        for (Field field : FIELDS.get(kind)) {
            problems.replaceAll((key, message) -> message.replaceFirst(
                    "^(settings\\.|secrets\\.)?" + field.name() + "\\b", field.label()));
        }
        return problems;
    }

    /** The non-blank form values named {@code prefix}…, without the prefix. */
    private static Map<String, String> values(Map<String, String> typed, String prefix) {
        Map<String, String> values = new LinkedHashMap<>();
        typed.forEach((key, value) -> {
            if (key.startsWith(prefix) && value != null && !value.isBlank()) {
                values.put(key.substring(prefix.length()), value.trim());
            }
        });
        return values;
    }

    private String form(Model model, String id, DestinationKind kind, String name, Map<String, String> settings,
            Set<String> secretsSet, Map<String, String> problems) {
        model.addAttribute("id", id);
        model.addAttribute("kind", kind);
        model.addAttribute("kinds", DestinationKind.values());
        model.addAttribute("name", name);
        model.addAttribute("settings", settings);
        model.addAttribute("secretsSet", secretsSet);
        model.addAttribute("fields", FIELDS.get(kind));
        model.addAttribute("problems", problems);
        return "destinations/form";
    }

    private static Field setting(String name, String label, String hint) {
        return new Field(name, label, hint, false);
    }

    private static Field secret(String name, String label) {
        return new Field(name, label, null, true);
    }

    private static Field secret(String name, String label, String hint) {
        return new Field(name, label, hint, true);
    }
}
