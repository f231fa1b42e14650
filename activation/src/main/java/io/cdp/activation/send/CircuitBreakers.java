package io.cdp.activation.send;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One breaker per destination: after {@code threshold} consecutive transient failures calls fail
 * fast for {@code openFor}, then one trial call decides whether it closes again. Per instance:
 * each app instance protects the destination from its own traffic.
 */
public final class CircuitBreakers {

    private final int threshold;
    private final Duration openFor;
    private final Clock clock;
    private final FailureClassifier classifier;
    private final ConcurrentHashMap<String, State> states = new ConcurrentHashMap<>();

    public CircuitBreakers(int threshold, Duration openFor, Clock clock, FailureClassifier classifier) {
        this.threshold = threshold;
        this.openFor = openFor;
        this.clock = clock;
        this.classifier = classifier;
    }

    private record State(int failures, Instant openUntil) {
    }

    public <T> T call(String destinationId, Supplier<T> call) {
        Instant now = clock.instant();
        State state = states.get(destinationId);
        if (state != null && state.openUntil() != null && now.isBefore(state.openUntil())) {
            throw new CircuitOpenException(destinationId, Duration.between(now, state.openUntil()));
        }
        try {
            T result = call.get();
            states.remove(destinationId);
            return result;
        } catch (RuntimeException e) {
            if (classifier.classify(e) == FailureClassifier.Kind.TRANSIENT) {
                states.compute(destinationId, (id, old) -> {
                    int failures = (old == null ? 0 : old.failures()) + 1;
                    return new State(failures, failures >= threshold ? clock.instant().plus(openFor) : null);
                });
            }
            throw e;
        }
    }

    public boolean open(String destinationId) {
        State state = states.get(destinationId);
        return state != null && state.openUntil() != null && clock.instant().isBefore(state.openUntil());
    }
}
