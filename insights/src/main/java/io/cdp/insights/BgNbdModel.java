package io.cdp.insights;

import java.util.Collection;

/**
 * The BG/NBD model of purchase counts (Fader, Hardie and Lee 2005, "Counting Your Customers the
 * Easy Way"): while alive a customer buys at a Poisson rate λ ~ Gamma(r, α); after each purchase
 * they drop out with probability p ~ Beta(a, b). Fitted by maximum likelihood on (x, t<sub>x</sub>, T).
 */
public record BgNbdModel(double r, double alpha, double a, double b) {

    public BgNbdModel {
        if (!(r > 0 && alpha > 0 && a > 0 && b > 0)) {
            throw new IllegalArgumentException("BG/NBD parameters must be positive: " + r + ", " + alpha + ", " + a
                    + ", " + b);
        }
    }

    /**
     * The maximum-likelihood fit, searched from r = α = a = b = 1 as the paper's authors suggest
     * ({@link BgNbdLikelihood} keeps a fit on a million customers measured in days fast).
     */
    public static BgNbdModel fit(Collection<PurchaseHistory> customers) {
        if (customers.isEmpty()) {
            throw new IllegalArgumentException("cannot fit BG/NBD on no customers");
        }
        BgNbdLikelihood likelihood = new BgNbdLikelihood(customers);
        double[] p = MaximumLikelihood.maximise(
                params -> likelihood.at(new BgNbdModel(params[0], params[1], params[2], params[3])), 1, 1, 1, 1);
        return new BgNbdModel(p[0], p[1], p[2], p[3]);
    }

    /** The sum of the customers' log-likelihoods (the paper's equation 6). */
    public double logLikelihood(Collection<PurchaseHistory> customers) {
        return new BgNbdLikelihood(customers).at(this);
    }

    /** P(alive | x, t<sub>x</sub>, T): the chance the customer has not dropped out by the end of observation. */
    public double probabilityAlive(PurchaseHistory customer) {
        return 1 / (1 + droppedOdds(customer));
    }

    /** E[Y(t) | x, t<sub>x</sub>, T]: expected purchases in the next {@code t} time units (the paper's equation 10). */
    public double expectedPurchases(double t, PurchaseHistory customer) {
        if (!(t >= 0)) {
            throw new IllegalArgumentException("the horizon must be >= 0, was " + t);
        }
        int x = customer.repeatPurchases();
        double age = customer.age();
        double hypergeometric = Hypergeometric.f21(r + x, b + x, a + b + x - 1, t / (alpha + age + t));
        double notYetBought = Math.pow((alpha + age) / (alpha + age + t), r + x) * hypergeometric;
        return (a + b + x - 1) / (a - 1) * (1 - notYetBought) / (1 + droppedOdds(customer));
    }

    /** δ<sub>x>0</sub> · a/(b+x−1) · ((α+T)/(α+t<sub>x</sub>))<sup>r+x</sup>: odds that the customer has dropped out. */
    private double droppedOdds(PurchaseHistory customer) {
        if (!customer.isRepeatBuyer()) {
            return 0;
        }
        int x = customer.repeatPurchases();
        return a / (b + x - 1)
                * Math.pow((alpha + customer.age()) / (alpha + customer.recency()), r + x);
    }
}
