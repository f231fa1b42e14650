package io.cdp.platform.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.GetResponse;

import io.cdp.localstack.TestStack;

/** {@link MultiGet} on a real Elasticsearch, against what the client's own get returns. */
class MultiGetIT {

    private static final String PREFIX = "cdp-t-multiget-";
    private static final Thing SECOND = new Thing("second", List.of(), Map.of(), null);
    private static final Thing FIRST = new Thing("first again", List.of("x"), Map.of("views", 4L),
            Instant.parse("2026-12-07T10:15:31.123456Z"));

    private static ElasticsearchClient client;
    private static Documents<Thing> things;
    private static Documents<Thing> others;

    record Thing(String name, List<String> tags, Map<String, Long> counts, Instant at) {
    }

    @BeforeAll
    static void indices() {
        client = ElasticsearchClients.create(TestStack.get().elasticsearchUrl());
        String mapping = """
                {"dynamic": false, "properties": {"name": {"type": "keyword"}}}""";
        things = new Documents<>(client, PREFIX + "things", Thing.class, mapping);
        others = new Documents<>(client, PREFIX + "others", Thing.class, mapping);
        things.put("a", new Thing("first", List.of("x", "y"), Map.of("views", 3L), Instant.parse("2026-12-07T10:15:30Z")));
        things.put("a", FIRST);
        others.put("b", SECOND);
    }

    @Test
    void readsEachDocumentInTheOrderAskedWithTheVersionTheClientsGetReports() {
        List<MultiGet.Item<Thing>> items = MultiGet.read(client, List.of(MultiGet.Doc.of(things.index(), "missing"),
                MultiGet.Doc.of(others.index(), "b"), MultiGet.Doc.of(things.index(), "a")), Thing.class);
        GetResponse<Thing> viaClient = ElasticsearchClients.unchecked(() -> client.get(g -> g.index(things.index())
                .id("a"), Thing.class));

        assertThat(items).extracting(MultiGet.Item::id).containsExactly("missing", "b", "a");
        assertThat(items).extracting(MultiGet.Item::found).containsExactly(false, true, true);
        assertThat(items).noneMatch(MultiGet.Item::failed);
        assertThat(items.get(1).source()).isEqualTo(SECOND);
        assertThat(items.get(2).source()).isEqualTo(FIRST).isEqualTo(viaClient.source());
        assertThat(items.get(2).seqNo()).isEqualTo(viaClient.seqNo()).isEqualTo(1);
        assertThat(items.get(2).primaryTerm()).isEqualTo(viaClient.primaryTerm());
        assertThat(things.getAll(List.of("a", "missing"))).containsOnlyKeys("a");
    }

    @Test
    void readsOnlyTheFieldsIncluded() {
        List<MultiGet.Item<Thing>> items = MultiGet.read(client, List.of(
                new MultiGet.Doc(things.index(), "a", List.of("name", "at")),
                new MultiGet.Doc(things.index(), "a", List.of())), Thing.class);

        assertThat(items.get(0).source()).isEqualTo(new Thing(FIRST.name(), null, null, FIRST.at()));
        assertThat(items.get(1).source()).isEqualTo(FIRST);
    }

    @Test
    void reportsAMissingIndexPerDocumentAndReadsTheOthers() {
        List<MultiGet.Item<Thing>> items = MultiGet.read(client, List.of(
                MultiGet.Doc.of(PREFIX + "never-created", "a"), MultiGet.Doc.of(others.index(), "b")), Thing.class);

        assertThat(items.get(0).failedForMissingIndex()).isTrue();
        assertThat(items.get(0).found()).isFalse();
        assertThat(items.get(1).source()).isEqualTo(SECOND);
    }

    @Test
    void aRequestElasticsearchRefusesThrowsTheClientsExceptionWithItsStatus() {
        assertThatThrownBy(() -> MultiGet.read(client, List.of(MultiGet.Doc.of(null, "a")), Thing.class))
                .isInstanceOfSatisfying(ElasticsearchException.class, e -> assertThat(e.status()).isEqualTo(400));
    }
}
