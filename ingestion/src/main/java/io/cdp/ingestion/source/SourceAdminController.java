package io.cdp.ingestion.source;

import java.time.Instant;
import java.util.List;

import lombok.RequiredArgsConstructor;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Admin API for sources and their write keys; the app's security restricts it to ADMIN. */
@RestController
@RequestMapping("/api/admin/sources")
@RequiredArgsConstructor
class SourceAdminController {

    private final SourceStore store;
    private final WriteKeys writeKeys;

    record CreateSourceRequest(String id, String name) {
    }

    /** Listing view: never the key, only its prefix. */
    record SourceView(String id, String name, String keyPrefix, Instant createdAt) {

        static SourceView of(Source source) {
            return new SourceView(source.id(), source.name(), source.keyPrefix(), source.createdAt());
        }
    }

    /** Returned by create and rotate only: the one time the full key is shown. */
    record SourceWithKey(String id, String name, String keyPrefix, Instant createdAt, String writeKey) {

        static SourceWithKey of(SourceStore.CreatedSource created) {
            Source source = created.source();
            return new SourceWithKey(source.id(), source.name(), source.keyPrefix(), source.createdAt(),
                    created.writeKey());
        }
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    SourceWithKey create(@RequestBody CreateSourceRequest request) {
        return SourceWithKey.of(store.create(request.id(), request.name()));
    }

    @GetMapping
    List<SourceView> list() {
        return store.list().stream().map(SourceView::of).toList();
    }

    @GetMapping("/{id}")
    SourceView get(@PathVariable String id) {
        return store.find(id).map(SourceView::of).orElseThrow(() -> new SourceNotFoundException(id));
    }

    @PostMapping("/{id}/rotate")
    SourceWithKey rotate(@PathVariable String id) {
        SourceStore.Rotation rotation = store.rotate(id);
        writeKeys.evict(rotation.previousKeyHash());
        return SourceWithKey.of(rotation.created());
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String id) {
        writeKeys.evict(store.delete(id));
    }
}
