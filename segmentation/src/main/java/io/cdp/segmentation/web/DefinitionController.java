package io.cdp.segmentation.web;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import lombok.RequiredArgsConstructor;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.cdp.segmentation.DefinitionError;
import io.cdp.segmentation.InvalidDefinitionsException;
import io.cdp.segmentation.catalog.DefinitionCatalog;
import io.cdp.segmentation.catalog.DefinitionCatalog.Current;
import io.cdp.segmentation.catalog.DefinitionRequest;
import io.cdp.segmentation.catalog.Kind;
import io.cdp.segmentation.definition.DefinitionJson;
import io.cdp.segmentation.store.DefinitionVersion;

/**
 * Segments, personas and journey stages, edited alike under {@code /api/segments},
 * {@code /api/personas} and {@code /api/stages}. Every save or delete is a new version.
 */
@RestController
@RequestMapping("/api/{kind:segments|personas|stages}")
@RequiredArgsConstructor
class DefinitionController {

    private final DefinitionCatalog catalog;

    @GetMapping
    public List<Current> list(@PathVariable String kind) {
        return catalog.list(Kind.of(kind));
    }

    @GetMapping("/{id}")
    public Current get(@PathVariable String kind, @PathVariable String id) {
        return catalog.find(Kind.of(kind), id).orElseThrow(() -> new NotFoundException(kind + " " + id));
    }

    @GetMapping("/{id}/versions")
    public List<DefinitionVersion> versions(@PathVariable String kind, @PathVariable String id) {
        List<DefinitionVersion> versions = catalog.versions(Kind.of(kind), id);
        if (versions.isEmpty()) {
            throw new NotFoundException("no saved versions of " + kind + " " + id);
        }
        return versions;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public Current create(@PathVariable String kind, @RequestBody String body, HttpServletRequest request) {
        DefinitionRequest definition = DefinitionJson.read(body, DefinitionRequest.class);
        if (definition.id() == null) {
            throw new InvalidDefinitionsException(List.of(new DefinitionError("$.id", "required", "must be given")));
        }
        return save(kind, definition.id(), definition, request);
    }

    @PutMapping("/{id}")
    public Current save(@PathVariable String kind, @PathVariable String id, @RequestBody String body,
            HttpServletRequest request) {
        return save(kind, id, DefinitionJson.read(body, DefinitionRequest.class), request);
    }

    private Current save(String kind, String id, DefinitionRequest definition, HttpServletRequest request) {
        return catalog.save(Kind.of(kind), id, definition, request.getRemoteUser(), request.isUserInRole("ADMIN"));
    }

    @DeleteMapping("/{id}")
    public Current delete(@PathVariable String kind, @PathVariable String id, HttpServletRequest request) {
        return catalog.delete(Kind.of(kind), id, request.getRemoteUser());
    }
}
