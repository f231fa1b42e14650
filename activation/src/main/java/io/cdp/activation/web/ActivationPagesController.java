package io.cdp.activation.web;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import lombok.RequiredArgsConstructor;

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

import io.cdp.activation.domain.Activation;
import io.cdp.activation.domain.ActivationMode;
import io.cdp.activation.domain.Delivery;
import io.cdp.activation.domain.DeliveryState;
import io.cdp.activation.domain.Destination;
import io.cdp.activation.domain.EmailTemplate;
import io.cdp.activation.domain.Lift;
import io.cdp.activation.domain.SendWindow;
import io.cdp.activation.engine.Measurement;
import io.cdp.activation.send.EmailComposer;
import io.cdp.activation.store.ActivationIndices;
import io.cdp.activation.store.Catalog;
import io.cdp.activation.store.DeliveryStore;
import io.cdp.activation.store.SyncStatus;
import io.cdp.platform.InvalidValueException;
import io.cdp.platform.elasticsearch.Documents;
import io.cdp.platform.web.FormProblems;
import io.cdp.platform.web.PageSlice;
import io.cdp.profile.ProfileId;
import io.cdp.profile.ProfileSnapshot;
import io.cdp.profile.Profiles;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.json.JsonMapper;

/**
 * The console's activation pages: the list (by segment), the form for triggers and audience syncs
 * with a preview of the email for a chosen person, and each activation's delivery log, sync
 * progress and lift against its holdout. Changes go through {@link ActivationCommands}, as the API's.
 */
@Controller
@RequiredArgsConstructor
class ActivationPagesController {

    private static final int LIST_PAGE = 50;
    private static final int LOG_PAGE = 25;
    /** Points of the cumulative lift chart over the measured period. */
    private static final int LIFT_POINTS = 6;
    private static final Duration LIFT_PERIOD = Duration.ofDays(30);

    /** The form as typed: everything a string, so a mistyped number comes back next to its field. */
    record ActivationForm(String name, String segmentId, String destinationId, ActivationMode mode, Boolean onEntry,
            Boolean onExit, String subject, String body, String delayMinutes, String windowStart, String windowEnd,
            String windowZone, String holdoutPercent) {

        static ActivationForm of(Activation a) {
            SendWindow window = a.sendWindow();
            return new ActivationForm(a.name(), a.segmentId(), a.destinationId(), a.mode(), a.onEntry(), a.onExit(),
                    a.template() == null ? null : a.template().subject(), a.template() == null ? null : a.template().body(),
                    String.valueOf(a.delay().toMinutes()), window == null ? null : window.start().toString(),
                    window == null ? null : window.end().toString(), window == null ? null : window.zone().getId(),
                    String.valueOf(a.holdoutPercent()));
        }

        static ActivationForm blank(String segmentId, ActivationMode mode) {
            return new ActivationForm(null, segmentId, null, mode == null ? ActivationMode.TRIGGER : mode, true, false,
                    "Hello {{firstName|there}}", "Hi {{firstName|there}},\n\n…\n\nUnsubscribe: {{unsubscribeUrl}}", "0",
                    null, null, null, "10");
        }

        Activation toActivation() {
            EmailTemplate template = blank(subject) && blank(body) ? null : new EmailTemplate(subject, body);
            // an unticked checkbox sends nothing
            return new Activation(null, name, segmentId, destinationId, mode, Boolean.TRUE.equals(onEntry),
                    Boolean.TRUE.equals(onExit), template,
                    Duration.ofMinutes(number("delayMinutes", delayMinutes, 0).longValue()), window(),
                    number("holdoutPercent", holdoutPercent, 0).doubleValue());
        }

        EmailTemplate template() {
            return new EmailTemplate(subject, body);
        }

        private SendWindow window() {
            if (blank(windowStart) && blank(windowEnd)) {
                return null;
            }
            try {
                return new SendWindow(LocalTime.parse(windowStart.trim()), LocalTime.parse(windowEnd.trim()),
                        ZoneId.of(blank(windowZone) ? "UTC" : windowZone.trim()));
            } catch (DateTimeParseException | NullPointerException e) {
                throw new InvalidValueException("sendWindow", "time", "give the window as two times like 09:00 and 20:00");
            } catch (DateTimeException e) {
                throw new InvalidValueException("sendWindow", "zone", "the time zone is unknown; use one like Europe/Madrid");
            }
        }

        private static Number number(String field, String value, double fallback) {
            if (blank(value)) {
                return fallback;
            }
            try {
                return Double.parseDouble(value.trim());
            } catch (NumberFormatException e) {
                throw new InvalidValueException(field, "number", "enter a number");
            }
        }

        private static boolean blank(String value) {
            return value == null || value.isBlank();
        }
    }

    /** A line of the list: the activation with its destination, state in words and last delivery. */
    record Row(Activation activation, Destination destination, String state, Delivery lastDelivery) {
    }

    private final Catalog catalog;
    private final ActivationCommands commands;
    private final DeliveryStore deliveries;
    private final ActivationIndices indices;
    private final Measurement measurement;
    private final EmailComposer composer;
    private final Profiles profiles;
    private final Clock clock;
    private final JsonMapper json;

    @GetMapping("/activations")
    String list(@RequestParam(required = false) String segment, @RequestParam(required = false) String destination,
            @RequestParam(defaultValue = "0") int offset, Model model) {
        List<Activation> all = segment == null || segment.isBlank() ? catalog.activations() : catalog.forSegment(segment);
        Destination only = destination == null || destination.isBlank() ? null
                : catalog.destination(destination).orElseThrow(() -> new NotFoundException("destination", destination));
        if (only != null) {
            all = all.stream().filter(a -> only.id().equals(a.destinationId())).toList();
        }
        int from = Math.min(Math.max(offset, 0), all.size());
        List<Row> rows = new ArrayList<>();
        for (Activation activation : all.subList(from, Math.min(all.size(), from + LIST_PAGE))) {
            rows.add(new Row(activation, catalog.destination(activation.destinationId()).orElse(null), state(activation),
                    deliveries.newest(null, activation.id(), null, 1).stream().findFirst().orElse(null)));
        }
        model.addAttribute("segment", segment);
        model.addAttribute("destination", only);
        model.addAttribute("listPath", UriComponentsBuilder.fromPath("/activations")
                .queryParamIfPresent("segment", Optional.ofNullable(segment).filter(t -> !t.isBlank()))
                .queryParamIfPresent("destination", Optional.ofNullable(only).map(Destination::id))
                .encode().toUriString());
        model.addAttribute("slice", new PageSlice<>(rows, from, LIST_PAGE, all.size()));
        return "activations/list";
    }

    @GetMapping("/activations/new")
    String newActivation(@RequestParam(required = false) String segment,
            @RequestParam(required = false) ActivationMode mode, Model model) {
        return form(model, null, ActivationForm.blank(segment, mode), null);
    }

    @PostMapping("/activations")
    String create(@ModelAttribute ActivationForm form, Model model) {
        try {
            return "redirect:/activations/" + commands.create(form.toActivation()).id() + "?saved";
        } catch (RuntimeException refused) {
            return form(model, null, form, FormProblems.of(refused).orElseThrow(() -> refused));
        }
    }

    @GetMapping("/activations/{id}/edit")
    String edit(@PathVariable String id, Model model) {
        return form(model, id, ActivationForm.of(commands.existing(id)), null);
    }

    @PostMapping("/activations/{id}")
    String update(@PathVariable String id, @ModelAttribute ActivationForm form, Model model) {
        try {
            commands.update(id, form.toActivation());
            return "redirect:/activations/" + id + "?saved";
        } catch (RuntimeException refused) {
            return form(model, id, form, FormProblems.of(refused).orElseThrow(() -> refused));
        }
    }

    /**
     * The email as the chosen person would get it, rendered by the sender's own composer: a fragment
     * for htmx, the whole form again without JavaScript.
     */
    @PostMapping("/activations/preview")
    String preview(@ModelAttribute ActivationForm form, @RequestParam(required = false) String previewProfile,
            @RequestParam(required = false) String editing, @RequestHeader(name = "HX-Request", required = false)
            String htmx, Model model) {
        try {
            Optional<ProfileSnapshot> profile = profile(previewProfile);
            if (profile.isEmpty()) {
                model.addAttribute("previewProblem", "No profile with that id or email.");
            } else {
                model.addAttribute("preview", composer.preview(form.template(), profile.get()));
            }
        } catch (InvalidValueException refused) {
            model.addAttribute("previewProblem", refused.getMessage());
        }
        if (htmx != null) {
            return "activations/form :: preview";
        }
        model.addAttribute("previewProfile", previewProfile);
        return form(model, editing == null || editing.isBlank() ? null : commands.existing(editing).id(), form, null);
    }

    @GetMapping("/activations/{id}")
    String detail(@PathVariable String id, @RequestParam(required = false) DeliveryState state,
            @RequestParam(required = false) String profile, @RequestParam(defaultValue = "0") int offset,
            HttpServletRequest request, Model model) {
        Activation activation = commands.existing(id);
        boolean detail = FailureDetail.shownTo(request);
        String profileId = profile == null || profile.isBlank() ? null : profile.trim();
        PageSlice<Delivery> log = deliveries.page(profileId, id, state, Math.min(Math.max(offset, 0), 9_000), LOG_PAGE);
        model.addAttribute("activation", activation);
        model.addAttribute("destination", catalog.destination(activation.destinationId()).orElse(null));
        model.addAttribute("state", state);
        model.addAttribute("states", DeliveryState.values());
        model.addAttribute("log", new PageSlice<>(log.items().stream()
                .map(d -> detail ? d : d.withReason(FailureDetail.forViewer(d.reason()))).toList(),
                log.offset(), log.limit(), log.total()));
        model.addAttribute("profile", profileId);
        model.addAttribute("logPath", UriComponentsBuilder.fromPath("/activations/{id}")
                .queryParamIfPresent("state", Optional.ofNullable(state))
                .queryParamIfPresent("profile", Optional.ofNullable(profileId)).encode().buildAndExpand(id).toUriString());
        sync(activation, request).ifPresent(s -> model.addAttribute("sync", s));
        if (activation.mode() == ActivationMode.TRIGGER) {
            liftChart(activation, model);
        }
        return "activations/detail";
    }

    /** What deleting the activation stops, before it is deleted (nothing changes on this GET). */
    @GetMapping("/activations/{id}/delete")
    String confirmDelete(@PathVariable String id, HttpServletRequest request, Model model) {
        Activation activation = commands.existing(id);
        model.addAttribute("activation", activation);
        model.addAttribute("destination", catalog.destination(activation.destinationId()).orElse(null));
        model.addAttribute("waiting", deliveries.page(null, id, DeliveryState.PENDING, 0, 1).total());
        sync(activation, request).filter(SyncStatus::running).ifPresent(s -> model.addAttribute("runningSync", s));
        return "activations/delete";
    }

    @PostMapping("/activations/{id}/delete")
    String delete(@PathVariable String id) {
        Activation activation = commands.existing(id);
        commands.delete(id);
        return "redirect:" + UriComponentsBuilder.fromPath("/activations").queryParam("deleted", activation.name())
                .encode().toUriString();
    }

    /** The sync's progress; htmx polls it while the sync runs. */
    @GetMapping("/activations/{id}/sync-progress")
    String syncProgress(@PathVariable String id, HttpServletRequest request, Model model) {
        sync(commands.existing(id), request).ifPresent(s -> model.addAttribute("sync", s));
        model.addAttribute("activation", commands.existing(id));
        return "activations/detail :: syncProgress";
    }

    /** The members with consent as CSV, like the API's export (a POST: it hands out personal data). */
    @PostMapping(value = "/activations/{id}/export", produces = "text/csv")
    ResponseEntity<String> export(@PathVariable String id) {
        return commands.export(id);
    }

    @PostMapping("/activations/{id}/sync")
    String startSync(@PathVariable String id) {
        commands.sync(id);
        return "redirect:/activations/" + id;
    }

    private Optional<SyncStatus> sync(Activation activation, HttpServletRequest request) {
        if (activation.mode() != ActivationMode.AUDIENCE_SYNC) {
            return Optional.empty();
        }
        boolean detail = FailureDetail.shownTo(request);
        return indices.syncs().get(activation.id()).map(Documents.Versioned::document)
                .map(s -> detail ? s : s.withReason(FailureDetail.forViewer(s.reason())));
    }

    /** Cumulative lift since the period's start at evenly spaced cut-offs, with its 95 % interval. */
    private void liftChart(Activation activation, Model model) {
        Instant end = clock.instant().plusSeconds(1);
        Instant start = end.minus(LIFT_PERIOD);
        Duration step = LIFT_PERIOD.dividedBy(LIFT_POINTS);
        List<Long> x = new ArrayList<>();
        List<Double> lift = new ArrayList<>();
        List<Double> low = new ArrayList<>();
        List<Double> high = new ArrayList<>();
        Lift last = null;
        for (int i = 1; i <= LIFT_POINTS; i++) {
            Instant cut = i == LIFT_POINTS ? end : start.plus(step.multipliedBy(i));
            last = measurement.activation(activation, start, cut).lift();
            x.add(cut.getEpochSecond());
            lift.add(points(last.lift()));
            low.add(points(last.ciLow()));
            high.add(points(last.ciHigh()));
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("x", x);
        spec.put("yLabel", "Lift (percentage points)");
        spec.put("series", List.of(Map.of("label", "Lift", "values", lift),
                Map.of("label", "95 % CI low", "values", low), Map.of("label", "95 % CI high", "values", high)));
        model.addAttribute("lift", last);
        model.addAttribute("liftSeries", json.writeValueAsString(spec));
        model.addAttribute("liftFrom", start);
    }

    private static double points(double share) {
        return Math.round(share * 1000) / 10.0;
    }

    private Optional<ProfileSnapshot> profile(String typed) {
        if (typed == null || typed.isBlank()) {
            throw new InvalidValueException("previewProfile", "required", "Enter a profile id or an email address.");
        }
        String value = typed.trim();
        if (value.contains("@")) {
            return profiles.findByIdentifier("email", value);
        }
        try {
            return profiles.find(ProfileId.of(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private String state(Activation activation) {
        return switch (activation.mode()) {
            case TRIGGER -> "Live";
            case EXPORT -> "On demand";
            case AUDIENCE_SYNC -> indices.syncs().get(activation.id()).map(Documents.Versioned::document)
                    .map(s -> switch (s.state()) {
                        case SyncStatus.RUNNING -> "Syncing";
                        case SyncStatus.DONE -> "In sync";
                        default -> "Sync failed";
                    }).orElse("Not synced yet");
        };
    }

    private String form(Model model, String id, ActivationForm form, Map<String, String> problems) {
        model.addAttribute("id", id);
        model.addAttribute("form", form);
        model.addAttribute("problems", problems);
        model.addAttribute("destinations", catalog.destinations().list());
        model.addAttribute("modes", ActivationMode.values());
        return "activations/form";
    }
}
