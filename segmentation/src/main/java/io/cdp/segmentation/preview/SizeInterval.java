package io.cdp.segmentation.preview;

/**
 * The exact 95 % interval for how many of a population match, from the matches in a sample drawn
 * without replacement: every count whose hypergeometric distribution makes the observed matches no
 * rarer than 2.5 % in either tail. Unlike a normal or Wilson approximation it holds its 95 % at
 * every rate, including the rare segments (0.1 % of the profiles) where those cover about 90 %.
 *
 * @param low  the smallest count in the interval
 * @param high the largest count in the interval
 */
record SizeInterval(long low, long high) {

    private static final double TAIL = 0.025;

    static SizeInterval of(long matches, int sampleSize, long population) {
        if (sampleSize <= 0 || sampleSize > population || matches < 0 || matches > sampleSize) {
            throw new IllegalArgumentException("a sample of " + sampleSize + " with " + matches
                    + " matches cannot come from " + population + " profiles");
        }
        long fewest = matches;
        long most = population - (sampleSize - matches);
        long low = fewest;
        long high = most;
        // P(X >= matches) grows with the count and P(X <= matches) shrinks: search each bound
        while (low < high) {
            long mid = low + (high - low) / 2;
            if (tails(population, mid, sampleSize, matches)[1] > TAIL) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        long lowest = low;
        low = fewest;
        high = most;
        while (low < high) {
            long mid = low + (high - low + 1) / 2;
            if (tails(population, mid, sampleSize, matches)[0] > TAIL) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return new SizeInterval(lowest, high);
    }

    /**
     * {P(X <= k), P(X >= k)} for X the matches in {@code n} drawn from {@code population} of which
     * {@code count} match. The probabilities are built by their ratios outward from the mode, so
     * that no factorial of a population of millions is ever formed.
     */
    private static double[] tails(long population, long count, int n, long k) {
        int first = (int) Math.max(0, n - (population - count));
        int last = (int) Math.min(n, count);
        if (k < first) {
            return new double[] {0, 1};
        }
        if (k > last) {
            return new double[] {1, 0};
        }
        int mode = (int) Math.max(first, Math.min(last, Math.floor((n + 1.0) * (count + 1.0) / (population + 2.0))));
        double[] weight = new double[last - first + 1];
        weight[mode - first] = 1;
        double others = population - count - n;
        for (int j = mode; j < last; j++) {
            weight[j + 1 - first] = weight[j - first] * (count - j) * (n - j) / ((j + 1.0) * (others + j + 1));
        }
        for (int j = mode; j > first; j--) {
            weight[j - 1 - first] = weight[j - first] * j * (others + j) / ((count - j + 1.0) * (n - j + 1.0));
        }
        double total = 0;
        double atMost = 0;
        double atLeast = 0;
        for (int j = first; j <= last; j++) {
            double w = weight[j - first];
            total += w;
            atMost += j <= k ? w : 0;
            atLeast += j >= k ? w : 0;
        }
        return new double[] {atMost / total, atLeast / total};
    }
}
