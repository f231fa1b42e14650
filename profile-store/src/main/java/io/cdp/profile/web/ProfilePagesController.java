package io.cdp.profile.web;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

import io.cdp.platform.web.FormProblems;
import io.cdp.platform.web.PageSlice;
import io.cdp.profile.domain.ProfileDocument;
import io.cdp.profile.store.EventDocument;

/**
 * The console's profile pages on the same {@link ProfileQueries} as {@link ProfileController}: search
 * by identifier or trait, the unified profile with its timeline (an htmx fragment, filtered by event
 * name), and the admin's GDPR export and erase under {@code /admin}, where the console's security
 * chain lets only ADMIN in.
 */
@Controller
class ProfilePagesController {

    static final int PAGE_SIZE = 25;
    /** What the search box can look a person up by; {@code trait} searches, the others are identifiers. */
    static final List<String> SEARCH_TYPES = List.of("email", "phone", "user_id", "anonymous_id", "trait");

    private final ProfileQueries queries;
    private final String currency;

    /** The currency is ingestion's setting, read by name since the profile store does not depend on ingestion. */
    ProfilePagesController(ProfileQueries queries,
            @Value("${cdp.ingestion.money.reporting-currency:USD}") String currency) {
        this.queries = queries;
        this.currency = currency;
    }

    /** Revenue and order values are in the reporting currency, which every page says beside them. */
    @ModelAttribute("currency")
    String currency() {
        return currency;
    }

    @GetMapping("/profiles")
    String search(@RequestParam(defaultValue = "email") String type, @RequestParam(required = false) String q,
            @RequestParam(required = false) String trait, @RequestParam(defaultValue = "0") int offset,
            Model model) {
        model.addAttribute("types", SEARCH_TYPES);
        model.addAttribute("type", type);
        model.addAttribute("q", q);
        model.addAttribute("trait", trait);
        model.addAttribute("path", UriComponentsBuilder.fromPath("/profiles").queryParam("type", type)
                .queryParamIfPresent("q", Optional.ofNullable(q)).queryParamIfPresent("trait", Optional.ofNullable(trait))
                .encode().toUriString());
        int page = Math.max(0, offset) / PAGE_SIZE;
        try {
            ProfileController.checkPaging(page, PAGE_SIZE);
            if (q == null || q.isBlank()) {
                searched(queries.search(Map.of(), null, null, page, PAGE_SIZE), model);
            } else if (type.equals("trait")) {
                String name = ProfileController.traitName(trait == null ? "" : trait.trim(), "trait");
                searched(queries.search(Map.of(name, q.trim()), null, null, page, PAGE_SIZE), model);
            } else if (SEARCH_TYPES.contains(type)) {
                List<ProfileView> one = lookup(type, q.trim());
                searched(new Page<>(one, 0, PAGE_SIZE, one.size()), model);
            } else {
                model.addAttribute("problems", Map.of("type", "choose one of " + String.join(", ", SEARCH_TYPES)));
            }
        } catch (RuntimeException refused) {
            model.addAttribute("problems", FormProblems.of(refused).orElseThrow(() -> refused));
        }
        return "profiles/search";
    }

    private static void searched(Page<ProfileView> found, Model model) {
        model.addAttribute("slice", new PageSlice<>(found.items(), found.page() * found.size(), found.size(),
                found.total()));
    }

    /** No one holds the identifier: an empty result, not an error page. */
    private List<ProfileView> lookup(String type, String value) {
        try {
            ProfileDocument profile = queries.lookup(type, value);
            return List.of(ProfileView.of(profile.id, profile));
        } catch (ProfileNotFoundException nobody) {
            return List.of();
        }
    }

    @GetMapping("/profiles/{id}")
    String profile(@PathVariable String id, @RequestParam(required = false) String event,
            @RequestParam(defaultValue = "0") int offset, Model model) {
        ProfileDocument profile = queries.resolve(id);
        model.addAttribute("view", ProfileView.of(id, profile));
        model.addAttribute("profile", profile);
        model.addAttribute("merged", queries.mergedProfiles(profile));
        model.addAttribute("eventNames", eventNames(profile));
        timeline(profile, event, offset, model);
        return "profiles/profile";
    }

    /** The timeline alone, for htmx: paging and the event filter replace only this part of the page. */
    @GetMapping("/profiles/{id}/events")
    String events(@PathVariable String id, @RequestParam(required = false) String event,
            @RequestParam(defaultValue = "0") int offset, @RequestHeader(name = "HX-Request", required = false) String htmx,
            @RequestHeader(name = "HX-History-Restore-Request", required = false) String restore, Model model) {
        if (htmx == null || restore != null) {
            // a reload of a URL htmx pushed, or htmx restoring it without a snapshot: the whole page, same place
            return "redirect:" + UriComponentsBuilder.fromPath("/profiles/{id}").queryParam("offset", offset)
                    .queryParamIfPresent("event", Optional.ofNullable(event)).buildAndExpand(id).encode().toUriString();
        }
        ProfileDocument profile = queries.resolve(id);
        model.addAttribute("profile", profile);
        model.addAttribute("eventNames", eventNames(profile));
        timeline(profile, event, offset, model);
        return "profiles/profile :: timeline";
    }

    private void timeline(ProfileDocument profile, String event, int offset, Model model) {
        String name = event == null || event.isBlank() ? null : event.trim();
        int page = Math.max(0, offset) / PAGE_SIZE;
        ProfileController.checkPaging(page, PAGE_SIZE);
        Page<EventDocument> events = queries.events(profile, name, page, PAGE_SIZE);
        model.addAttribute("event", name);
        model.addAttribute("eventsPath", UriComponentsBuilder.fromPath("/profiles/{id}/events")
                .queryParamIfPresent("event", Optional.ofNullable(name)).buildAndExpand(profile.id).encode().toUriString());
        model.addAttribute("events", new PageSlice<>(events.items(), page * PAGE_SIZE, PAGE_SIZE, events.total()));
    }

    /** The names the filter offers: those of the per-day rollups, which the profile keeps for its recent days. */
    private static Set<String> eventNames(ProfileDocument profile) {
        Set<String> names = new TreeSet<>();
        profile.rollups.values().forEach(day -> names.addAll(day.events.keySet()));
        return names;
    }

    @GetMapping("/admin/profiles/{id}/export")
    ResponseEntity<Map<String, Object>> export(@PathVariable String id) {
        ProfileDocument profile = queries.resolve(id);
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("profile-" + profile.id + ".json").build().toString())
                .contentType(MediaType.APPLICATION_JSON)
                .body(queries.export(profile));
    }

    @GetMapping("/admin/profiles/{id}/erase")
    String confirmErase(@PathVariable String id, Model model) {
        ProfileDocument profile = queries.resolve(id);
        model.addAttribute("view", ProfileView.of(id, profile));
        model.addAttribute("profile", profile);
        return "profiles/erase";
    }

    @PostMapping("/admin/profiles/{id}/erase")
    String erase(@PathVariable String id) {
        queries.erase(queries.resolve(id));
        return "redirect:/profiles?erased";
    }
}
