package io.cdp.insights;

import static org.hipparchus.special.Beta.logBeta;
import static org.hipparchus.special.Gamma.logGamma;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * BG/NBD's log-likelihood (the paper's equation 6) over a population, laid out for the thousands of evaluations
 * of a fit: customers with the same (x, t<sub>x</sub>, T) form one weighted term, and every part of a term that
 * depends on x alone, on t<sub>x</sub> alone or on T alone is computed once per distinct value and evaluation.
 * With times in whole days a million customers have a few hundred distinct t<sub>x</sub> and T, so an evaluation
 * costs one exponential and one logarithm per distinct triple.
 */
final class BgNbdLikelihood {

    private final int[] repeats;
    private final double[] recencies;
    private final double[] ages;
    private final int[] termRepeats;
    private final int[] termRecency;
    private final int[] termAge;
    private final double[] termCount;

    BgNbdLikelihood(Collection<PurchaseHistory> customers) {
        Map<PurchaseHistory, Long> distinct = new HashMap<>();
        customers.forEach(c -> distinct.merge(PurchaseHistory.of(c.repeatPurchases(), c.recency(), c.age()), 1L,
                Long::sum));
        repeats = distinct.keySet().stream().mapToInt(PurchaseHistory::repeatPurchases).distinct().sorted().toArray();
        recencies = distinct.keySet().stream().mapToDouble(PurchaseHistory::recency).distinct().sorted().toArray();
        ages = distinct.keySet().stream().mapToDouble(PurchaseHistory::age).distinct().sorted().toArray();
        int terms = distinct.size();
        termRepeats = new int[terms];
        termRecency = new int[terms];
        termAge = new int[terms];
        termCount = new double[terms];
        int i = 0;
        for (Map.Entry<PurchaseHistory, Long> term : distinct.entrySet()) {
            termRepeats[i] = Arrays.binarySearch(repeats, term.getKey().repeatPurchases());
            termRecency[i] = Arrays.binarySearch(recencies, term.getKey().recency());
            termAge[i] = Arrays.binarySearch(ages, term.getKey().age());
            termCount[i] = term.getValue();
            i++;
        }
    }

    double at(BgNbdModel model) {
        double r = model.r();
        double alpha = model.alpha();
        double a = model.a();
        double b = model.b();
        double population = -logGamma(r) + r * Math.log(alpha) - logBeta(a, b);
        double[] byRepeats = new double[repeats.length];
        double[] droppedByRepeats = new double[repeats.length];
        for (int k = 0; k < repeats.length; k++) {
            int x = repeats[k];
            byRepeats[k] = population + logGamma(r + x) + logBeta(a, b + x);
            droppedByRepeats[k] = x == 0 ? Double.NaN : Math.log(a / (b + x - 1));
        }
        double[] logAlphaPlusRecency = logsOfAlphaPlus(alpha, recencies);
        double[] logAlphaPlusAge = logsOfAlphaPlus(alpha, ages);
        double sum = 0;
        for (int i = 0; i < termCount.length; i++) {
            int k = termRepeats[i];
            int x = repeats[k];
            double stillAlive = -(r + x) * logAlphaPlusAge[termAge[i]];
            double term = x == 0 ? stillAlive
                    : logSumExp(stillAlive, droppedByRepeats[k] - (r + x) * logAlphaPlusRecency[termRecency[i]]);
            sum += termCount[i] * (byRepeats[k] + term);
        }
        return sum;
    }

    private static double[] logsOfAlphaPlus(double alpha, double[] times) {
        double[] logs = new double[times.length];
        for (int i = 0; i < times.length; i++) {
            logs[i] = Math.log(alpha + times[i]);
        }
        return logs;
    }

    private static double logSumExp(double u, double v) {
        double max = Math.max(u, v);
        return max + Math.log1p(Math.exp(Math.min(u, v) - max));
    }
}
