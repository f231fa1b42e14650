package io.cdp.activation.send;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/** Splits a list into consecutive chunks whose weight stays within a platform's per-call limit. */
final class Chunks {

    private Chunks() {
    }

    static <T> List<List<T>> of(List<T> items, int maxSize) {
        return weighted(items, maxSize, item -> 1);
    }

    /** An item heavier than the limit alone still goes in a chunk of its own. */
    static <T> List<List<T>> weighted(List<T> items, int maxWeight, ToIntFunction<T> weight) {
        List<List<T>> chunks = new ArrayList<>();
        List<T> current = new ArrayList<>();
        int currentWeight = 0;
        for (T item : items) {
            int w = weight.applyAsInt(item);
            if (!current.isEmpty() && currentWeight + w > maxWeight) {
                chunks.add(current);
                current = new ArrayList<>();
                currentWeight = 0;
            }
            current.add(item);
            currentWeight += w;
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }
}
