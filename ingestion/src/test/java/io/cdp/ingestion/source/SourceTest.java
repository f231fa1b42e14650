package io.cdp.ingestion.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class SourceTest {

    @Test
    void acceptsLowercaseIdsAndDefaultsNameToId() {
        Source source = new Source("pos-store_1", " ", "abc123", Instant.EPOCH);

        assertThat(source.name()).isEqualTo("pos-store_1");
    }

    @Test
    void refusesIdsThatCannotBeMetricTagsOrRecordFields() {
        for (String id : new String[] {null, "", "Web", "web site", "-web", "x".repeat(65)}) {
            assertThatThrownBy(() -> Source.validId(id)).isInstanceOf(InvalidSourceException.class)
                    .extracting(e -> ((InvalidSourceException) e).field()).isEqualTo("id");
        }
    }

    @Test
    void writeKeysAreRandomAndStoredOnlyAsHashWithShortPrefix() {
        String first = WriteKey.generate();
        String second = WriteKey.generate();

        assertThat(first).isNotEqualTo(second).hasSize(32);
        assertThat(WriteKey.prefix(first)).hasSize(6).isEqualTo(first.substring(0, 6));
        assertThat(WriteKey.hash(first)).hasSize(64).isEqualTo(WriteKey.hash(first)).isNotEqualTo(WriteKey.hash(second));
    }
}
