package io.cdp.ingestion.source;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves write keys to sources with a short in-memory cache, so that steady SDK traffic does
 * not cost an Elasticsearch GET per request. Unknown keys are cached too (more briefly) so a
 * misconfigured client cannot turn its retries into Elasticsearch load.
 */
public class WriteKeys {

    /** Bounds memory under a flood of random keys; clearing only costs a few GETs. */
    private static final int MAX_ENTRIES = 10_000;

    private record Entry(Optional<Source> source, Instant expiresAt) {
    }

    private final SourceStore store;
    private final Duration ttl;
    private final Duration unknownTtl;
    private final Clock clock;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    public WriteKeys(SourceStore store, Duration ttl, Duration unknownTtl, Clock clock) {
        this.store = store;
        this.ttl = ttl;
        this.unknownTtl = unknownTtl;
        this.clock = clock;
    }

    /** @throws UnknownWriteKeyException when the key is missing or belongs to no source */
    public Source authenticate(String writeKey) {
        if (writeKey == null || writeKey.isBlank()) {
            throw new UnknownWriteKeyException();
        }
        String hash = WriteKey.hash(writeKey);
        Instant now = clock.instant();
        Entry entry = cache.get(hash);
        if (entry == null || !entry.expiresAt().isAfter(now)) {
            Optional<Source> source = store.findByKeyHash(hash);
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
            entry = new Entry(source, now.plus(source.isPresent() ? ttl : unknownTtl));
            cache.put(hash, entry);
        }
        return entry.source().orElseThrow(UnknownWriteKeyException::new);
    }

    /** Forgets a key on this instance at once; other instances forget it when their entry expires. */
    void evict(String keyHash) {
        cache.remove(keyHash);
    }
}
