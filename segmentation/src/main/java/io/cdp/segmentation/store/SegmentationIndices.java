package io.cdp.segmentation.store;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.cdp.segmentation.MembershipFields;
import io.cdp.segmentation.SegmentationProperties;

/**
 * Segmentation's indices (each store creates its own on start-up, see {@code Documents}). Memberships are kept
 * twice on purpose: {@code memberships} holds one document per profile (current state, overwritten under
 * if_seq_no, queried for sizes and member lists) and {@code membership-history} one create-only document per
 * profile and cause, listing the entries, exits, persona and stage changes it made (append-only, its id derived
 * from profile and cause so a replay cannot append twice).
 * <p>
 * No explicit refresh interval: a shard nobody searched for 30 s is then not refreshed in the background (the
 * next search refreshes it first), so that real-time writes do not make Elasticsearch write a new segment of
 * memberships and history every second for nobody.
 */
@Component
record SegmentationIndices(String prefix) {

    static final String DEFINITIONS_MAPPING = """
            {"dynamic": false, "properties": {"kind": {"type": "keyword"}, "definitionId": {"type": "keyword"},
              "key": {"type": "keyword"}, "version": {"type": "long"}, "position": {"type": "integer"},
              "deleted": {"type": "boolean"}, "savedAt": {"type": "date"}, "savedBy": {"type": "keyword"},
              "json": {"type": "keyword", "index": false, "doc_values": false}}}
            """;

    static final String MEMBERSHIPS_MAPPING = """
            {"dynamic": false, "properties": {"profileId": {"type": "keyword"},
              "segmentIds": {"type": "keyword"}, "personaId": {"type": "keyword"}, "stage": {"type": "keyword"},
              "mergedInto": {"type": "keyword"}, "updatedAt": {"type": "date"},
              "segments": {"type": "object", "enabled": false}, "persona": {"type": "object", "enabled": false},
              "outbox": {"type": "object", "enabled": false}}}
            """;

    static final String HISTORY_MAPPING = """
            {"dynamic": false, "properties": {"profileId": {"type": "keyword"}, "cause": {"type": "keyword"},
              "at": {"type": "date"}, "entries": {"type": "object", "enabled": false}, %s}}
            """.formatted(SegmentationIndices.HISTORY_SEGMENT_FIELDS);

    /** The segments a history record entered and exited, searchable: sizes over time are counted from them. */
    static final String HISTORY_SEGMENT_FIELDS = "\"entered\": {\"type\": \"keyword\"}, \"exited\": {\"type\": \"keyword\"}";

    static final String RUNS_MAPPING = """
            {"dynamic": false, "properties": {"id": {"type": "keyword"}, "status": {"type": "keyword"},
              "trigger": {"type": "keyword"}, "startedAt": {"type": "date"}, "heartbeatAt": {"type": "date"}}}
            """;

    @Autowired
    SegmentationIndices(SegmentationProperties properties) {
        this(properties.indexPrefix());
    }

    String definitions() {
        return prefix + "segment-definitions";
    }

    String memberships() {
        return MembershipFields.index(prefix);
    }

    String history() {
        return MembershipFields.history(prefix);
    }

    String runs() {
        return prefix + "segmentation-runs";
    }
}
