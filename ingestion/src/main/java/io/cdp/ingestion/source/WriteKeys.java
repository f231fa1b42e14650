package io.cdp.ingestion.source;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import lombok.RequiredArgsConstructor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import io.cdp.ingestion.pipeline.StoreUnavailableException;

/**
 * Resolves write keys to sources with a short in-memory cache, so that steady SDK traffic does
 * not cost an Elasticsearch GET per request. Unknown keys are cached too (more briefly) so a
 * misconfigured client cannot turn its retries into Elasticsearch load. When Elasticsearch does
 * not answer a lookup (within the store's lookup timeout), a known key is served from its last
 * good answer, so that an Elasticsearch outage does not stop ingestion, which only needs Kafka.
 */
@RequiredArgsConstructor
public class WriteKeys {

    private static final Logger log = LoggerFactory.getLogger(WriteKeys.class);

    /** Bounds memory under a flood of random keys; clearing only costs a few GETs. */
    private static final int MAX_ENTRIES = 10_000;

    private record Entry(Optional<Source> source, Instant expiresAt) {
    }

    private final SourceStore store;
    private final Duration ttl;
    private final Duration unknownTtl;
    /** What a client is told to wait when its key cannot be checked. */
    private final Duration retryAfter;
    private final Clock clock;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    /**
     * @throws UnknownWriteKeyException    when the key is missing or belongs to no source
     * @throws StoreUnavailableException when Elasticsearch did not answer and the key has no last good answer
     */
    public Source authenticate(String writeKey) {
        if (writeKey == null || writeKey.isBlank()) {
            throw new UnknownWriteKeyException();
        }
        String hash = WriteKey.hash(writeKey);
        Instant now = clock.instant();
        Entry entry = cache.get(hash);
        if (entry == null || !entry.expiresAt().isAfter(now)) {
            entry = lookUp(hash, entry, now);
        }
        return entry.source().orElseThrow(UnknownWriteKeyException::new);
    }

    private Entry lookUp(String hash, Entry lastGood, Instant now) {
        Optional<Source> source;
        try {
            source = store.findByKeyHash(hash);
        } catch (UncheckedIOException | ElasticsearchException e) {
            if (e instanceof ElasticsearchException answered && answered.status() < 500) {
                throw answered;
            }
            if (lastGood == null || lastGood.source().isEmpty()) {
                // an unknown key may be one created a moment ago: not a 401 before Elasticsearch says so
                throw StoreUnavailableException.writeKeys(retryAfter, e);
            }
            log.warn("Elasticsearch did not answer a write-key lookup ({}); source {} is served from its last"
                    + " good answer for another {}", e.getClass().getSimpleName(), lastGood.source().get().id(), ttl);
            // counted as a fresh answer, so that the outage costs one slow lookup per key and TTL, not per request
            source = lastGood.source();
        }
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear();
        }
        Entry entry = new Entry(source, now.plus(source.isPresent() ? ttl : unknownTtl));
        cache.put(hash, entry);
        return entry;
    }

    /** Forgets a key on this instance at once; other instances forget it when their entry expires. */
    void evict(String keyHash) {
        cache.remove(keyHash);
    }
}
