package io.cdp.ingestion.csv;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

import lombok.RequiredArgsConstructor;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;

import io.cdp.ingestion.source.SourceNotFoundException;
import io.cdp.ingestion.source.SourceStore;
import io.cdp.platform.web.FormProblems;

/**
 * The admin's CSV uploads in the console: orders, contacts, spend and exchange rates through
 * {@link ImportJobs} on the importers of {@code ./cdp import} and {@link ImportController}, with the
 * progress polled by htmx and the per-row error report (row, column, rule; never a value).
 */
@Controller
@RequestMapping("/admin/imports")
@RequiredArgsConstructor
class ImportPagesController {

    private final ImportJobs jobs;
    private final SourceStore sources;

    @GetMapping
    String imports(Model model) {
        fill(model);
        model.addAttribute("typedKind", ImportJobs.Kind.ORDERS);
        return "imports/list";
    }

    @PostMapping
    String upload(@RequestParam ImportJobs.Kind kind, @RequestParam(required = false) String source,
            @RequestParam(required = false) String currency, @RequestParam(required = false) String zone,
            @RequestParam(required = false) String mapping, @RequestParam(required = false) MultipartFile file,
            Model model) throws IOException {
        try {
            if (file == null || file.isEmpty()) {
                model.addAttribute("problems", Map.of("file", "choose a CSV file to upload"));
            } else {
                try (InputStream upload = file.getInputStream()) {
                    ImportJobs.Job job = jobs.start(kind, source, zone, currency, null, mapping,
                            file.getOriginalFilename(), upload);
                    return "redirect:/admin/imports/" + job.id();
                }
            }
        } catch (RuntimeException refused) {
            model.addAttribute("problems", FormProblems.of(refused)
                    .or(() -> sourceMissing(refused, source)).orElseThrow(() -> refused));
        }
        model.addAttribute("typedKind", kind);
        model.addAttribute("typedSource", source);
        model.addAttribute("typedCurrency", currency);
        model.addAttribute("typedZone", zone);
        model.addAttribute("typedMapping", mapping);
        fill(model);
        return "imports/list";
    }

    /** The source is chosen from a list, but may have been deleted since the form was shown. */
    private static Optional<Map<String, String>> sourceMissing(RuntimeException refused, String source) {
        return refused instanceof SourceNotFoundException
                ? Optional.of(Map.of("source", "there is no source " + source + ": create it on the Sources page first"))
                : Optional.empty();
    }

    @GetMapping("/{id}")
    String job(@PathVariable String id, Model model) {
        model.addAttribute("job", find(id));
        return "imports/job";
    }

    /** The progress and, once done, the report: htmx polls it until the import finished. */
    @GetMapping("/{id}/progress")
    String progress(@PathVariable String id, Model model) {
        model.addAttribute("job", find(id));
        return "imports/job :: progress";
    }

    private ImportJobs.Job find(String id) {
        return jobs.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "no import " + id + " on this server (the last ones are kept until a restart)"));
    }

    private void fill(Model model) {
        model.addAttribute("kinds", ImportJobs.Kind.values());
        model.addAttribute("sources", sources.list());
        model.addAttribute("presets", ColumnMapping.PRESETS);
        model.addAttribute("jobs", jobs.recent());
    }
}
