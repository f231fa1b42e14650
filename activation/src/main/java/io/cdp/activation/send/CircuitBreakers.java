package io.cdp.activation.send;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.cdp.activation.ActivationProperties;

/**
 * One breaker per destination: after {@code threshold} consecutive transient failures calls fail
 * fast for {@code openFor} (open); then exactly one trial call goes through (half-open) while the
 * others keep failing fast: a success closes the breaker, a transient failure opens it again.
 * Per instance: each app instance protects the destination from its own traffic.
 */
@Component
public final class CircuitBreakers {

    /** How long callers turned away while the trial call runs wait before asking again. */
    static final Duration TRIAL_WAIT = Duration.ofSeconds(1);

    private final int threshold;
    private final Duration openFor;
    private final Clock clock;
    private final FailureClassifier classifier;
    private final ConcurrentHashMap<String, State> states = new ConcurrentHashMap<>();

    @Autowired
    CircuitBreakers(ActivationProperties properties, FailureClassifier classifier, Clock clock) {
        this(properties.circuit().failureThreshold(), properties.circuit().openFor(),
                clock, classifier);
    }

    public CircuitBreakers(int threshold, Duration openFor, Clock clock, FailureClassifier classifier) {
        this.threshold = threshold;
        this.openFor = openFor;
        this.clock = clock;
        this.classifier = classifier;
    }

    /** openUntil is null while closed; trial marks the one call let through once it has passed. */
    private record State(int failures, Instant openUntil, boolean trial) {
    }

    public <T> T call(String destinationId, Supplier<T> call) {
        Instant now = clock.instant();
        boolean[] isTrial = {false};
        State state = states.computeIfPresent(destinationId, (id, s) -> {
            if (s.openUntil() == null || now.isBefore(s.openUntil()) || s.trial()) {
                return s;
            }
            isTrial[0] = true;
            return new State(s.failures(), s.openUntil(), true);
        });
        if (state != null && state.openUntil() != null && !isTrial[0]) {
            throw new CircuitOpenException(destinationId,
                    now.isBefore(state.openUntil()) ? Duration.between(now, state.openUntil()) : TRIAL_WAIT);
        }
        boolean transientFailure = false;
        try {
            T result = call.get();
            states.remove(destinationId);
            return result;
        } catch (RuntimeException e) {
            transientFailure = failed(destinationId, e);
            throw e;
        } finally {
            if (isTrial[0] && !transientFailure) {
                // the destination answered the trial (even a refusal is an answer): it is up again
                states.remove(destinationId);
            }
        }
    }

    /**
     * Whether the destination has had no transient failure since its last success: then calls are
     * let through anyway, so a batch may go out as one and report each outcome to {@link #record}.
     */
    public boolean healthy(String destinationId) {
        return !states.containsKey(destinationId);
    }

    /** The outcome of a call made while {@link #healthy}: null for a success, else its failure. */
    public void record(String destinationId, RuntimeException failure) {
        if (failure == null) {
            states.remove(destinationId);
        } else {
            failed(destinationId, failure);
        }
    }

    /** Counts a transient failure towards opening; whether it was one. */
    private boolean failed(String destinationId, RuntimeException failure) {
        if (classifier.classify(failure) != FailureClassifier.Kind.TRANSIENT) {
            return false;
        }
        states.compute(destinationId, (id, old) -> {
            int failures = (old == null ? 0 : old.failures()) + 1;
            return new State(failures, failures >= threshold ? clock.instant().plus(openFor) : null, false);
        });
        return true;
    }

    /** Until when calls to the destination are turned away without trying; empty when they are let through. */
    public Optional<Instant> openUntil(String destinationId) {
        State state = states.get(destinationId);
        return state != null && state.openUntil() != null && clock.instant().isBefore(state.openUntil())
                ? Optional.of(state.openUntil()) : Optional.empty();
    }
}
