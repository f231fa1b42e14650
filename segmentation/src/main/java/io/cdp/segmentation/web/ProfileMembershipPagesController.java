package io.cdp.segmentation.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import lombok.RequiredArgsConstructor;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;

import io.cdp.segmentation.store.MembershipStore;

/**
 * A person's persona, journey stage and segments in the console, from the same {@link MembershipStore}
 * as {@link MembershipController}. The profile page (profile-store's) loads it with htmx and links
 * here without JavaScript: segmentation owns memberships, so it renders them.
 */
@Controller
@RequiredArgsConstructor
class ProfileMembershipPagesController {

    /** The latest changes shown; the API has the longer history. */
    private static final int HISTORY_SHOWN = 20;
    private static final int HISTORY_READ = 500;

    private final MembershipStore memberships;

    @GetMapping("/profiles/{id}/memberships")
    String memberships(@PathVariable String id, @RequestHeader(name = "HX-Request", required = false) String htmx,
            Model model) {
        model.addAttribute("profileId", id);
        model.addAttribute("membership", memberships.find(id).orElse(null));
        List<MembershipStore.HistoryEntry> history = new ArrayList<>(memberships.history(id, HISTORY_READ));
        Collections.reverse(history);
        model.addAttribute("history", history.subList(0, Math.min(HISTORY_SHOWN, history.size())));
        return htmx == null ? "segments/profile-memberships" : "segments/profile-memberships :: memberships";
    }
}
