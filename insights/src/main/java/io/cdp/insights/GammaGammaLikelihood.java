package io.cdp.insights;

import static org.hipparchus.special.Gamma.logGamma;

import java.util.Collection;

/**
 * Gamma-Gamma's log-likelihood over the repeat buyers' (x, m<sub>x</sub>), laid out for the evaluations of a fit:
 * the terms in log m<sub>x</sub> are linear in p and summed once, those in x alone are computed once per distinct
 * x, which leaves one logarithm per customer and evaluation, log(γ + x·m<sub>x</sub>).
 */
final class GammaGammaLikelihood {

    private static final int MAX_TRACKED_REPEATS = 1 << 16;

    private final int[] repeats;
    private final double[] spend;
    /** Customers per number of repeat orders. */
    private final long[] withRepeats;
    private final int maxRepeats;
    /** Σ x·log m<sub>x</sub>, Σ log m<sub>x</sub> and Σ x·log x. */
    private final double xLogMean;
    private final double logMean;
    private final double xLogX;

    GammaGammaLikelihood(Collection<PurchaseHistory> repeatBuyers) {
        int n = repeatBuyers.size();
        repeats = new int[n];
        spend = new double[n];
        int max = 0;
        double sumXLogMean = 0;
        double sumLogMean = 0;
        double sumXLogX = 0;
        int i = 0;
        for (PurchaseHistory customer : repeatBuyers) {
            int x = customer.repeatPurchases();
            double mean = customer.meanOrderValue();
            repeats[i] = x;
            spend[i] = x * mean;
            max = Math.max(max, x);
            sumXLogMean += x * Math.log(mean);
            sumLogMean += Math.log(mean);
            sumXLogX += x * Math.log(x);
            i++;
        }
        if (max > MAX_TRACKED_REPEATS) {
            throw new IllegalArgumentException("more than " + MAX_TRACKED_REPEATS + " repeat orders: " + max);
        }
        maxRepeats = max;
        withRepeats = new long[max + 1];
        for (int x : repeats) {
            withRepeats[x]++;
        }
        xLogMean = sumXLogMean;
        logMean = sumLogMean;
        xLogX = sumXLogX;
    }

    double at(GammaGammaModel model) {
        double p = model.p();
        double q = model.q();
        double gamma = model.gamma();
        double sum = repeats.length * (q * Math.log(gamma) - logGamma(q)) + p * xLogMean - logMean + p * xLogX;
        for (int x = 1; x <= maxRepeats; x++) {
            if (withRepeats[x] > 0) {
                sum += withRepeats[x] * (logGamma(p * x + q) - logGamma(p * x));
            }
        }
        for (int i = 0; i < repeats.length; i++) {
            sum -= (p * repeats[i] + q) * Math.log(gamma + spend[i]);
        }
        return sum;
    }
}
