package io.cdp.bench;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.cdp.bench.cli.Arguments;
import io.cdp.bench.clv.SyntheticCustomers;
import io.cdp.insights.CustomerValue;
import io.cdp.insights.Horizon;
import io.cdp.insights.LifetimeValueModel;
import io.cdp.insights.PurchaseHistory;
import io.cdp.insights.ValueDeciles;

/**
 * The in-memory part of a CLV scoring run on N synthetic customers: fit BG/NBD and Gamma-Gamma, score every
 * customer over the platform's default horizon, cut the predicted values into deciles. The raw baseline, in
 * the same run, is one pass over the same tuples summing their fields.
 */
public final class ClvBenchmark {

    private static final double TARGET_SECONDS_PER_MILLION = 60;

    private ClvBenchmark() {
    }

    public static void main(String[] args) {
        // --app-jar comes from benchmark.sh like every benchmark's; this one starts no app
        long[] options = Arguments.parseOrExit("ClvBenchmark", args, a -> {
            Arguments parsed = Arguments.parse(a, Set.of("customers", "seed", "app-jar"));
            return new long[] {parsed.number("customers", 1_000_000, 1_000), parsed.number("seed", 42, 0)};
        });
        int customers = Math.toIntExact(options[0]);
        long seed = options[1];
        Horizon horizon = Horizon.of(12, 30, 0.01);

        long started = System.nanoTime();
        List<PurchaseHistory> histories = SyntheticCustomers.generate(customers, seed);
        double generated = seconds(started);

        started = System.nanoTime();
        double sum = 0;
        for (PurchaseHistory h : histories) {
            sum += h.repeatPurchases() + h.recency() + h.age() + h.meanOrderValue();
        }
        double raw = seconds(started);

        started = System.nanoTime();
        LifetimeValueModel model = LifetimeValueModel.fit(histories);
        double fitted = seconds(started);
        started = System.nanoTime();
        double[] values = new double[histories.size()];
        long priors = 0;
        for (int i = 0; i < values.length; i++) {
            CustomerValue value = model.score(histories.get(i), horizon);
            values[i] = value.predictedValue();
            priors += value.basis() == CustomerValue.Basis.POPULATION_PRIOR ? 1 : 0;
        }
        ValueDeciles deciles = ValueDeciles.of(values);
        double scored = seconds(started);

        double total = fitted + scored;
        System.out.printf(Locale.ROOT, "customers %,d (seed %d, generated in %.1f s), %,d on the population prior%n",
                customers, seed, generated, priors);
        System.out.printf(Locale.ROOT, "fitted   %s%n         %s%n", model.purchases(), model.orderValue());
        System.out.printf(Locale.ROOT, "         (generated with r %.3f, alpha %.3f, a %.3f, b %.3f; p %.2f, q %.2f, gamma %.2f)%n",
                SyntheticCustomers.R, SyntheticCustomers.ALPHA_DAYS, SyntheticCustomers.A, SyntheticCustomers.B,
                SyntheticCustomers.P, SyntheticCustomers.Q, SyntheticCustomers.GAMMA);
        System.out.printf(Locale.ROOT, "deciles  %s%n", deciles.bounds());
        System.out.printf(Locale.ROOT, "raw pass over the tuples   %8.3f s (checksum %.0f)%n", raw, sum);
        System.out.printf(Locale.ROOT, "fit BG/NBD + Gamma-Gamma   %8.3f s%n", fitted);
        System.out.printf(Locale.ROOT, "score + deciles            %8.3f s%n", scored);
        System.out.printf(Locale.ROOT, "fit + scoring              %8.3f s = %.0f x the raw pass; target <= %.0f s per 1M: %s%n",
                total, total / raw, TARGET_SECONDS_PER_MILLION,
                total / customers * 1_000_000 <= TARGET_SECONDS_PER_MILLION ? "met" : "MISSED");
    }

    private static double seconds(long started) {
        return (System.nanoTime() - started) / 1e9;
    }
}
