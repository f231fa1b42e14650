package io.cdp.platform.web;

import java.util.List;

/**
 * One page of a long list as the console shows it ("1–50 of 12,408"): the items from
 * {@code offset}, at most {@code limit} of them, out of {@code total}.
 */
public record PageSlice<T>(List<T> items, int offset, int limit, long total) {

    public PageSlice {
        if (offset < 0 || limit < 1) {
            throw new IllegalArgumentException("offset must be >= 0 and limit >= 1");
        }
        items = List.copyOf(items);
    }

    /** The 1-based position of the first item shown. */
    public long first() {
        return items.isEmpty() ? 0 : offset + 1L;
    }

    public long last() {
        return offset + (long) items.size();
    }

    public boolean hasPrevious() {
        return offset > 0;
    }

    public boolean hasNext() {
        return last() < total;
    }

    public int previousOffset() {
        return Math.max(0, offset - limit);
    }

    public int nextOffset() {
        return offset + limit;
    }
}
