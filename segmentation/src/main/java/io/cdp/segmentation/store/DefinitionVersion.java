package io.cdp.segmentation.store;

import java.time.Instant;

/**
 * One saved version of a segment, persona or stage in {@code cdp-segment-definitions} (document id
 * {@code kind:id:version}, create-only, so versions are never overwritten and two concurrent saves
 * of the same version cannot both win).
 *
 * @param kind     segments, personas or stages
 * @param key      {@code kind:definitionId}
 * @param position order among personas / stages (first match wins); null keeps the default order
 * @param deleted  a tombstone: the definition was deleted in this version
 * @param json     the definition in the marketers' JSON language
 */
public record DefinitionVersion(String kind, String definitionId, String key, long version, Integer position,
        boolean deleted, String json, Instant savedAt, String savedBy) {

    public static String key(String kind, String definitionId) {
        return kind + ":" + definitionId;
    }

    public String documentId() {
        return key + ":" + version;
    }
}
