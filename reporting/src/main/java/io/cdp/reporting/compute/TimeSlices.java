package io.cdp.reporting.compute;

import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SortedMap;

/**
 * Cuts a time-ordered scan into consecutive time ranges of a budget of documents each, from a histogram of its
 * document counts: the ranges a scan reads one after the other.
 *
 * <p>Why: a composite aggregation whose key leads with the time of the range it is queried with fills each page in
 * every Lucene segment on its own, one distinct time after the other, before it merges them: each page of a long scan
 * reads up to a page of documents in every segment, so an index of a dozen segments reads its period a dozen times
 * over. A range of about a page of documents, queried so that Elasticsearch collects it as any query, is read once.
 */
final class TimeSlices {

    /** How many histogram buckets the counts may come in at most; fewer buckets, coarser ranges. */
    static final int MAX_HISTOGRAM_BUCKETS = 2_000;

    private final Iterator<Map.Entry<Long, Long>> buckets;
    private Map.Entry<Long, Long> pending;
    private long start;
    private boolean done;

    /**
     * @param fromMillis where the first range starts
     * @param counts     documents per histogram bucket, by bucket start (the first may start before
     *                   {@code fromMillis}); empty buckets may be left out
     */
    TimeSlices(long fromMillis, SortedMap<Long, Long> counts) {
        this.buckets = counts.entrySet().iterator();
        this.pending = buckets.hasNext() ? buckets.next() : null;
        this.start = fromMillis;
    }

    /** A range of event times, {@code [from, to)} in epoch millis; {@code to} is null for the last, open range. */
    record Range(long from, Long to) {
    }

    /**
     * The histogram's interval for {@code [fromMillis, toMillis)}: a whole multiple of {@code unitMillis} (the scan's
     * own rounding of the time, 1 when it keys the exact time), so that no key of the scan straddles two ranges.
     */
    static long interval(long fromMillis, long toMillis, long unitMillis) {
        long wanted = Math.max(1, (toMillis - fromMillis + MAX_HISTOGRAM_BUCKETS - 1) / MAX_HISTOGRAM_BUCKETS);
        return Math.max(1, (wanted + unitMillis - 1) / unitMillis) * unitMillis;
    }

    boolean hasNext() {
        return !done;
    }

    /**
     * The next range: whole histogram buckets adding up to at most {@code budget} documents (a single bucket of more
     * is a range of its own, paged as usual). The ranges follow each other from the start; the last is open-ended.
     */
    Range next(long budget) {
        if (done) {
            throw new NoSuchElementException();
        }
        long documents = 0;
        while (pending != null) {
            if (documents > 0 && documents + pending.getValue() > budget && pending.getKey() > start) {
                Range range = new Range(start, pending.getKey());
                start = pending.getKey();
                return range;
            }
            documents += pending.getValue();
            pending = buckets.hasNext() ? buckets.next() : null;
        }
        done = true;
        return new Range(start, null);
    }
}
