package io.cdp.insights;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;

import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.hipparchus.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * Maximises a log-likelihood over strictly positive parameters. The search runs on their
 * logarithms, so that the simplex can never step outside the domain, and restarts from its own
 * optimum until the likelihood stops improving: one Nelder-Mead pass often stalls on the flat
 * ridges these models have (BG/NBD's r and α move together).
 */
final class MaximumLikelihood {

    private static final int MAX_RESTARTS = 20;
    private static final int MAX_EVALUATIONS = 100_000;
    private static final double TOLERANCE = 1e-10;

    private MaximumLikelihood() {
    }

    /** The positive parameters that maximise {@code logLikelihood}, searched from {@code start}. */
    static double[] maximise(ToDoubleFunction<double[]> logLikelihood, double... start) {
        ObjectiveFunction negative = new ObjectiveFunction(logs -> {
            double value = logLikelihood.applyAsDouble(exp(logs));
            return Double.isFinite(value) ? -value : Double.MAX_VALUE;
        });
        SimplexOptimizer optimizer = new SimplexOptimizer(TOLERANCE, TOLERANCE);
        double[] logs = Arrays.stream(start).map(Math::log).toArray();
        double best = Double.MAX_VALUE;
        for (int restart = 0; restart < MAX_RESTARTS; restart++) {
            PointValuePair optimum = optimizer.optimize(new MaxEval(MAX_EVALUATIONS), negative, GoalType.MINIMIZE,
                    new InitialGuess(logs), new NelderMeadSimplex(logs.length, 0.5));
            boolean improved = optimum.getValue() < best - TOLERANCE * Math.abs(best);
            logs = optimum.getPoint();
            best = Math.min(best, optimum.getValue());
            if (!improved) {
                break;
            }
        }
        return exp(logs);
    }

    private static double[] exp(double[] logs) {
        return Arrays.stream(logs).map(Math::exp).toArray();
    }
}
