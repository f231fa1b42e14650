package io.cdp.ingestion.source;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import lombok.RequiredArgsConstructor;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import tools.jackson.databind.json.JsonMapper;

import io.cdp.ingestion.pipeline.RecentEvents;
import io.cdp.platform.EventIngested;
import io.cdp.platform.web.FormProblems;

/**
 * The console's sources: the list, each source with its SDK snippets and a live event debugger, and
 * for ADMIN (under {@code /admin}, where the console's security chain lets only ADMIN in) create,
 * rotate and delete on the same {@link SourceStore} and {@link WriteKeys} as {@link SourceAdminController}.
 * A new key is shown once, in the answer to the POST that made it, never in a URL.
 */
@Controller
@RequiredArgsConstructor
class SourcePagesController {

    /** Shown in the snippets of a key that is not shown again. */
    private static final String KEY_PLACEHOLDER = "YOUR_WRITE_KEY";

    private final SourceStore store;
    private final WriteKeys writeKeys;
    private final RecentEvents recent;
    private final JsonMapper json;

    /** One row of the debugger: what arrived, and the call as stored, as indented JSON. */
    record ReceivedEvent(Instant receivedAt, String type, String name, String userId, String anonymousId,
            String messageId, String payload) {
    }

    @GetMapping("/sources")
    String sources(Model model) {
        model.addAttribute("sources", store.list());
        return "sources/list";
    }

    @PostMapping("/admin/sources")
    String create(@RequestParam String id, @RequestParam(required = false) String name, HttpServletRequest request,
            Model model) {
        try {
            SourceStore.CreatedSource created = store.create(id == null ? null : id.trim(), name);
            return withKey(created, request, model);
        } catch (RuntimeException refused) {
            model.addAttribute("problems", FormProblems.of(refused)
                    .or(() -> refused instanceof SourceExistsException
                            ? Optional.of(Map.of("id", "a source with this id exists: choose another"))
                            : Optional.empty())
                    .orElseThrow(() -> refused));
            model.addAttribute("typedId", id);
            model.addAttribute("typedName", name);
            return sources(model);
        }
    }

    @GetMapping("/sources/{id}")
    String source(@PathVariable String id, HttpServletRequest request, Model model) {
        show(find(id), KEY_PLACEHOLDER, request, model);
        return "sources/source";
    }

    /** The debugger's rows, which the page polls with htmx every few seconds. */
    @GetMapping("/sources/{id}/events")
    String events(@PathVariable String id, @RequestHeader(name = "HX-Request", required = false) String htmx,
            HttpServletRequest request, Model model) {
        if (htmx == null) {
            return "redirect:/sources/" + id;
        }
        show(find(id), KEY_PLACEHOLDER, request, model);
        return "sources/source :: debugger";
    }

    /** What a rotation or a deletion breaks, before the POST does it. */
    @GetMapping("/admin/sources/{id}/{action:rotate|delete}")
    String confirm(@PathVariable String id, @PathVariable String action, Model model) {
        model.addAttribute("source", find(id));
        model.addAttribute("action", action);
        return "sources/confirm";
    }

    @PostMapping("/admin/sources/{id}/rotate")
    String rotate(@PathVariable String id, HttpServletRequest request, Model model) {
        SourceStore.Rotation rotation = store.rotate(id);
        writeKeys.evict(rotation.previousKeyHash());
        model.addAttribute("rotated", true);
        return withKey(rotation.created(), request, model);
    }

    @PostMapping("/admin/sources/{id}/delete")
    String delete(@PathVariable String id) {
        writeKeys.evict(store.delete(id));
        recent.forget(id);
        return "redirect:/sources?deleted=" + id;
    }

    private String withKey(SourceStore.CreatedSource created, HttpServletRequest request, Model model) {
        model.addAttribute("newKey", created.writeKey());
        show(created.source(), created.writeKey(), request, model);
        return "sources/source";
    }

    private Source find(String id) {
        return store.find(id).orElseThrow(() -> new SourceNotFoundException(id));
    }

    /** The snippets send to this server as the browser reached it (behind a proxy: its forwarded address). */
    private void show(Source source, String writeKey, HttpServletRequest request, Model model) {
        model.addAttribute("source", source);
        model.addAttribute("snippets", SdkSnippets.of(ServletUriComponentsBuilder.fromContextPath(request).build().toUri(),
                writeKey).snippets());
        model.addAttribute("events", recent.latest(source.id()).stream().map(this::received).toList());
    }

    private ReceivedEvent received(EventIngested event) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("timestamp", event.timestamp().toString());
        if (!event.properties().isEmpty()) {
            payload.put("properties", event.properties());
        }
        if (!event.traits().isEmpty()) {
            payload.put("traits", event.traits());
        }
        if (!event.context().isEmpty()) {
            payload.put("context", event.context());
        }
        return new ReceivedEvent(event.receivedAt(), event.type().name().toLowerCase(Locale.ROOT),
                event.event() != null ? event.event() : event.name(), event.userId(), event.anonymousId(),
                event.messageId(), json.writerWithDefaultPrettyPrinter().writeValueAsString(payload));
    }
}
