package io.cdp.segmentation.web;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import lombok.RequiredArgsConstructor;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

import io.cdp.segmentation.DefinitionError;
import io.cdp.segmentation.InvalidDefinitionsException;
import io.cdp.segmentation.SegmentDefinition;
import io.cdp.segmentation.catalog.DefinitionCatalog;
import io.cdp.segmentation.catalog.DefinitionCatalog.Current;
import io.cdp.segmentation.catalog.Kind;
import io.cdp.segmentation.preview.SeenVocabulary;
import io.cdp.segmentation.preview.SizeEstimator;

/**
 * The segment builder of the console, for segments, personas and journey stages alike: a server-side form (every
 * button posts and the page comes back changed; htmx swaps only the builder), saving through the same catalog as
 * {@code PUT /api/{kind}/{id}} and estimating through the same estimator as {@code POST /api/segments/preview}.
 */
@Controller
@RequiredArgsConstructor
class BuilderPagesController {

    /** One sample for every estimate of a draft, so that the figure moves only when the definition does. */
    private static final long ESTIMATE_SEED = 1L;
    private static final String DRAFT_ID = "draft";

    private final DefinitionCatalog catalog;
    private final SizeEstimator estimator;
    private final SeenVocabulary vocabulary;

    /** Literal paths: {@code /segments/{id}} would otherwise take {@code /segments/new} as an id. */
    @GetMapping({"/segments/new", "/personas/new", "/stages/new"})
    String create(HttpServletRequest request, Model model) {
        return page(kind(request), null, BuilderForm.blank(), List.of(), model);
    }

    @GetMapping("/{area:segments|personas|stages}/{id}/edit")
    String edit(@PathVariable String area, @PathVariable String id, Model model) {
        Kind kind = Kind.of(area);
        Current current = catalog.find(kind, id).orElseThrow(() -> new NotFoundException(area + " " + id));
        return page(kind, id, BuilderForm.of(current), List.of(), model);
    }

    @PostMapping({"/segments/new", "/personas/new", "/stages/new"})
    String saveNew(@ModelAttribute("form") BuilderForm form, HttpServletRequest request, HttpServletResponse response,
            Model model) {
        return post(kind(request), null, form, request, response, model);
    }

    private static Kind kind(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return Kind.of(path.substring(1, path.indexOf('/', 1)));
    }

    @PostMapping("/{area:segments|personas|stages}/{id}/edit")
    String save(@PathVariable String area, @PathVariable String id, @ModelAttribute("form") BuilderForm form,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        Kind kind = Kind.of(area);
        catalog.find(kind, id).orElseThrow(() -> new NotFoundException(area + " " + id));
        return post(kind, id, form, request, response, model);
    }

    /** The live estimate: the builder posts its form here shortly after every change. */
    @PostMapping("/segments/estimate")
    String estimate(@ModelAttribute("form") BuilderForm form, Model model) {
        BuilderForm.Draft draft = form.draft(null);
        String id = draft.request().id() == null ? DRAFT_ID : draft.request().id();
        if (!draft.errors().isEmpty()) {
            model.addAttribute("problems", messages(form, draft, draft.errors()));
            return "segments/builder :: estimate";
        }
        try {
            SegmentDefinition definition = SegmentDefinition.of(id, draft.request().name(), draft.request().condition());
            model.addAttribute("estimate", estimator.estimate(definition, ESTIMATE_SEED));
            model.addAttribute("words", ConditionWords.sentence(draft.request().condition()));
        } catch (InvalidDefinitionsException e) {
            model.addAttribute("problems", messages(form, draft, e.errors()));
        }
        return "segments/builder :: estimate";
    }

    private static List<String> messages(BuilderForm form, BuilderForm.Draft draft, List<DefinitionError> errors) {
        List<String> messages = new ArrayList<>(form.place(errors, draft.nodes()));
        draft.nodes().values().stream().distinct().forEach(n -> messages.addAll(n.getProblems()));
        return messages.stream().distinct().limit(5).toList();
    }

    private String post(Kind kind, String id, BuilderForm form, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        if (form.applyStructural() || !"save".equals(form.getAction())) {
            return page(kind, id, form, List.of(), model);
        }
        BuilderForm.Draft draft = form.draft(id);
        List<DefinitionError> errors = draft.errors();
        if (errors.isEmpty() && draft.request().id() == null) {
            errors = List.of(new DefinitionError("$.id", "required", "give the new " + singular(kind) + " an id"));
        }
        if (errors.isEmpty()) {
            try {
                Current saved = catalog.save(kind, draft.request().id(), draft.request(), request.getRemoteUser(),
                        request.isUserInRole("ADMIN"));
                String id2 = saved.definition().id();
                return "redirect:" + (kind == Kind.SEGMENTS ? "/segments/" + id2 + "?saved=" + saved.version()
                        : "/stages?saved=" + kind.id() + ":" + id2);
            } catch (InvalidDefinitionsException e) {
                errors = e.errors();
            }
        }
        response.setStatus(422);
        return page(kind, id, form, form.place(errors, draft.nodes()), model);
    }

    private String page(Kind kind, String id, BuilderForm form, List<String> elsewhere, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("kind", kind.id());
        model.addAttribute("singular", singular(kind));
        model.addAttribute("editing", id);
        model.addAttribute("action", id == null ? "/" + kind.id() + "/new" : "/" + kind.id() + "/" + id + "/edit");
        model.addAttribute("cancel", kind == Kind.SEGMENTS ? (id == null ? "/segments" : "/segments/" + id) : "/stages");
        model.addAttribute("elsewhere", elsewhere);
        model.addAttribute("hasVersions", id != null && !catalog.versions(kind, id).isEmpty());
        model.addAttribute("seen", vocabulary.seen());
        model.addAttribute("segments", catalog.list(Kind.SEGMENTS).stream().map(c -> c.definition())
                .filter(d -> !d.id().equals(id) || kind != Kind.SEGMENTS).toList());
        model.addAttribute("ops", ConditionWords.OPS);
        model.addAttribute("metrics", ConditionWords.METRICS);
        model.addAttribute("section", kind == Kind.SEGMENTS ? "segments" : "stages");
        model.addAttribute("title", (id == null ? "New " + singular(kind) : "Edit " + singular(kind) + " " + id));
        return "segments/builder";
    }

    private static String singular(Kind kind) {
        return switch (kind) {
            case SEGMENTS -> "segment";
            case PERSONAS -> "persona";
            case STAGES -> "journey stage";
        };
    }
}
