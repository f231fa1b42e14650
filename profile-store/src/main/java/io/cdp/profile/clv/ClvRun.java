package io.cdp.profile.clv;

import java.time.Instant;
import java.util.List;

/**
 * One CLV run as {@code GET /api/admin/clv/runs/{id}} shows it.
 *
 * @param asOf       the end of observation: every customer's T runs to this day
 * @param customers  profiles with orders the models were fitted on
 * @param scored     profiles scored so far
 * @param changed    of those, the ones whose scores changed: written and announced (the others keep the scores,
 *                   and the run and time, of the run that computed them first)
 * @param model      the fitted parameters, null until the fit is done
 * @param deciles    the predicted CLVs bounding the deciles ({@code ValueDeciles}), null until the fit is done
 * @param error      why a failed run failed
 */
public record ClvRun(String id, String trigger, State state, Instant startedAt, Instant asOf, Instant finishedAt,
        Horizon horizon, long customers, long scored, long changed, Model model, List<Double> deciles, String error) {

    public enum State { RUNNING, DONE, FAILED }

    /** Periods of {@code periodDays} days, each period's value discounted by {@code (1 + discountRate)^period}. */
    public record Horizon(int periods, int periodDays, double discountRate) {
    }

    /** BG/NBD's r, α, a, b and Gamma-Gamma's p, q, γ, in days. */
    public record Model(double r, double alpha, double a, double b, double p, double q, double gamma) {
    }

    ClvRun fitted(long customers, Model model, List<Double> deciles) {
        return new ClvRun(id, trigger, state, startedAt, asOf, finishedAt, horizon, customers, scored, changed, model,
                deciles, error);
    }

    ClvRun scored(long scored, long changed) {
        return new ClvRun(id, trigger, state, startedAt, asOf, finishedAt, horizon, customers, scored, changed, model,
                deciles, error);
    }

    ClvRun ended(State state, Instant at, String error) {
        return new ClvRun(id, trigger, state, startedAt, asOf, at, horizon, customers, scored, changed, model,
                deciles, error);
    }
}
