package io.cdp.insights;

import java.util.Collection;
import java.util.List;

/**
 * The Gamma-Gamma model of order value (Fader, Hardie and Lee 2005, "RFM and CLV: Using Iso-Value
 * Curves for Customer Base Analysis"; Fader and Hardie's note "The Gamma-Gamma Model of Monetary
 * Value"): a customer's orders have a gamma-distributed value with shape p and a scale ν that is itself
 * Gamma(q, γ) across customers. Fitted on repeat buyers' (x, mean order value) only, as the paper does.
 */
public record GammaGammaModel(double p, double q, double gamma) {

    public GammaGammaModel {
        if (!(p > 0 && q > 0 && gamma > 0)) {
            throw new IllegalArgumentException("Gamma-Gamma parameters must be positive: " + p + ", " + q + ", "
                    + gamma);
        }
    }

    public static GammaGammaModel fit(Collection<PurchaseHistory> customers) {
        List<PurchaseHistory> repeatBuyers = customers.stream()
                .filter(customer -> customer.isRepeatBuyer() && customer.meanOrderValue() > 0).toList();
        if (repeatBuyers.isEmpty()) {
            throw new IllegalArgumentException("cannot fit Gamma-Gamma without repeat buyers with order values");
        }
        GammaGammaLikelihood likelihood = new GammaGammaLikelihood(repeatBuyers);
        double[] params = MaximumLikelihood.maximise(
                v -> likelihood.at(new GammaGammaModel(v[0], v[1], v[2])), 1, 1, 1);
        return new GammaGammaModel(params[0], params[1], params[2]);
    }

    /** The sum over repeat buyers of the log-likelihood of their mean order value. */
    public double logLikelihood(Collection<PurchaseHistory> repeatBuyers) {
        return new GammaGammaLikelihood(repeatBuyers).at(this);
    }

    /**
     * E[M | p, q, γ, m<sub>x</sub>, x]: the customer's expected order value, a weighted mean of the
     * population mean p·γ/(q−1) and the customer's own, weighted by their repeat orders; a customer
     * without repeat orders gets the population mean (the prior).
     */
    public double expectedOrderValue(PurchaseHistory customer) {
        if (q <= 1) {
            throw new IllegalStateException("q <= 1: the population mean order value is infinite");
        }
        int x = customer.repeatPurchases();
        return p * (gamma + x * customer.meanOrderValue()) / (p * x + q - 1);
    }
}
