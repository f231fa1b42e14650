package io.cdp.profile.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import lombok.RequiredArgsConstructor;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.cdp.platform.web.InvalidRequestException;
import io.cdp.profile.domain.ProfileDocument;
import io.cdp.profile.store.EventDocument;

/** The profile API: read, look up, search, timeline, conflicts, export and GDPR erase. */
@RestController
@RequestMapping("/api/profiles")
@RequiredArgsConstructor
class ProfileController {

    private static final int MAX_SIZE = 500;
    /** Elasticsearch's {@code index.max_result_window}: from + size beyond it is refused by the search. */
    static final int RESULT_WINDOW = 10_000;

    private final ProfileQueries queries;

    /** A merged-away id answers with its survivor and {@code redirected=true}. */
    @GetMapping("/{id}")
    ProfileView get(@PathVariable String id) {
        return ProfileView.of(id, queries.resolve(id));
    }

    @GetMapping("/lookup")
    ProfileView lookup(@RequestParam String type, @RequestParam String value) {
        ProfileDocument profile = queries.lookup(type, value);
        return ProfileView.of(profile.id, profile);
    }

    @GetMapping("/{id}/events")
    Page<EventDocument> events(@PathVariable String id, @RequestParam(required = false) String event,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        checkPaging(page, size);
        return queries.events(queries.resolve(id), event == null || event.isBlank() ? null : event, page, size);
    }

    @GetMapping
    Page<ProfileView> search(@RequestParam Map<String, String> params,
            @RequestParam(required = false) Long minOrders, @RequestParam(required = false) Double minRevenue,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        checkPaging(page, size);
        Map<String, String> traits = new LinkedHashMap<>();
        params.forEach((name, value) -> {
            if (name.startsWith("trait.")) {
                traits.put(traitName(name.substring("trait.".length()), name), value);
            }
        });
        return queries.search(traits, minOrders, minRevenue, page, size);
    }

    @GetMapping("/{id}/conflicts")
    List<ProfileDocument.Conflict> conflicts(@PathVariable String id) {
        return queries.resolve(id).conflicts;
    }

    @GetMapping("/{id}/export")
    Map<String, Object> export(@PathVariable String id) {
        return queries.export(queries.resolve(id));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> erase(@PathVariable String id) {
        queries.erase(queries.resolve(id));
        return ResponseEntity.noContent().build();
    }

    /** @param field the parameter to name when the trait name is refused */
    static String traitName(String trait, String field) {
        if (!trait.matches("[A-Za-z0-9_\\-]+")) {
            throw new InvalidRequestException(field, "trait names are letters, digits, '_' or '-'");
        }
        return trait;
    }

    static void checkPaging(int page, int size) {
        if (page < 0) {
            throw new InvalidRequestException("page", "must be 0 or more");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new InvalidRequestException("size", "must be between 1 and " + MAX_SIZE);
        }
        if ((page + 1L) * size > RESULT_WINDOW) {
            throw new InvalidRequestException("page", "must be at most " + (RESULT_WINDOW / size - 1) + " for size " + size
                    + ": only the first " + RESULT_WINDOW + " results can be paged (narrow the filters)");
        }
    }
}
