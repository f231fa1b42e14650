package io.cdp.activation.store;

import java.util.List;
import java.util.function.Consumer;

import org.springframework.stereotype.Component;

import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import io.cdp.platform.elasticsearch.Documents;

/** The questions asked of the audience changes a destination refused for good. */
@Component
public final class SyncDeadLetterStore {

    private final Documents<SyncDeadLetter> letters;

    SyncDeadLetterStore(ActivationIndices indices) {
        this.letters = indices.syncDeadLetters();
    }

    public List<SyncDeadLetter> newest(int max) {
        return letters.search(all(), "at", SortOrder.Desc, max).stream().map(Documents.Versioned::document).toList();
    }

    public void scanAll(int pageSize, Consumer<List<SyncDeadLetter>> page) {
        letters.scan(all(), "id", pageSize, page);
    }

    private static Query all() {
        return Query.of(q -> q.matchAll(m -> m));
    }
}
