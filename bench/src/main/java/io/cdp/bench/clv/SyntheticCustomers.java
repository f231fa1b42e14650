package io.cdp.bench.clv;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.cdp.insights.PurchaseHistory;

/**
 * Customers drawn from the models' own generative processes, in days: BG/NBD (a purchase rate λ ~ Gamma(r, α),
 * a drop-out chance p ~ Beta(a, b) after each purchase, Poisson purchases while alive) and Gamma-Gamma (order
 * values Gamma(p, ν), ν ~ Gamma(q, γ)), observed for a whole number of days up to 78 weeks after the first
 * order, as in CDNOW's cohort. The defaults are the published CDNOW fits, with α turned from weeks into days.
 */
public final class SyntheticCustomers {

    public static final double R = 0.243;
    public static final double ALPHA_DAYS = 4.414 * 7;
    public static final double A = 0.793;
    public static final double B = 2.426;
    public static final double P = 6.25;
    public static final double Q = 3.74;
    public static final double GAMMA = 15.44;
    static final int MAX_AGE_DAYS = 78 * 7;

    private SyntheticCustomers() {
    }

    public static List<PurchaseHistory> generate(int customers, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<PurchaseHistory> histories = new ArrayList<>(customers);
        for (int i = 0; i < customers; i++) {
            histories.add(customer(random));
        }
        return histories;
    }

    private static PurchaseHistory customer(SplittableRandom random) {
        double rate = gamma(random, R) / ALPHA_DAYS;
        double dropOut = beta(random, A, B);
        int age = 1 + random.nextInt(MAX_AGE_DAYS);
        int repeats = 0;
        double last = 0;
        double at = 0;
        while (true) {
            at += -Math.log(1 - random.nextDouble()) / rate;
            if (at > age) {
                break;
            }
            repeats++;
            last = at;
            if (random.nextDouble() < dropOut) {
                break;
            }
        }
        double scale = gamma(random, Q) / GAMMA; // ν, a rate
        // the models read the mean of the repeat orders (the first one's alone without any); the mean of n
        // Gamma(P, rate ν) values is Gamma(n·P, rate n·ν)
        int orders = Math.max(1, repeats);
        double meanValue = gamma(random, orders * P) / (orders * scale);
        return PurchaseHistory.of(repeats, repeats == 0 ? 0 : Math.floor(last), age, meanValue);
    }

    static double beta(SplittableRandom random, double a, double b) {
        double x = gamma(random, a);
        return x / (x + gamma(random, b));
    }

    /**
     * Gamma(shape, 1) by Marsaglia and Tsang's method (2000), boosted by U^(1/shape) below shape 1: nothing in
     * the project's libraries samples a gamma variate (Hipparchus' samplers are in a module it does not use).
     */
    static double gamma(SplittableRandom random, double shape) {
        if (shape < 1) {
            return gamma(random, shape + 1) * Math.pow(random.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = normal(random);
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = random.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }

    private static double normal(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
