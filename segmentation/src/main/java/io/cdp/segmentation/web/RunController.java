package io.cdp.segmentation.web;

import java.util.List;

import lombok.RequiredArgsConstructor;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.cdp.segmentation.run.SegmentationRuns;
import io.cdp.segmentation.store.RunDocument;

/** Scheduled evaluation runs: start one now, follow its progress, cancel it. */
@RestController
@RequestMapping("/api/segmentation/runs")
@RequiredArgsConstructor
class RunController {

    private final SegmentationRuns runs;

    /** Starts a run, or returns the one already running. */
    @PostMapping
    @ResponseStatus(HttpStatus.ACCEPTED)
    public RunDocument start() {
        return runs.start("api");
    }

    @GetMapping
    public List<RunDocument> recent() {
        return runs.recent();
    }

    @GetMapping("/{id}")
    public RunDocument get(@PathVariable String id) {
        return runs.find(id).orElseThrow(() -> new NotFoundException("no run " + id));
    }

    @DeleteMapping("/{id}")
    public RunDocument cancel(@PathVariable String id) {
        return runs.cancel(id).orElseThrow(() -> new NotFoundException("no run " + id));
    }

    @PostMapping("/{id}/cancel")
    public RunDocument cancelByPost(@PathVariable String id) {
        return cancel(id);
    }
}
