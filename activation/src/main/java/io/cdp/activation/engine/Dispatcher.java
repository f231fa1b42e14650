package io.cdp.activation.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import io.cdp.activation.ActivationProperties;
import io.cdp.activation.domain.Activation;
import io.cdp.activation.domain.Delivery;
import io.cdp.activation.domain.DeliveryState;
import io.cdp.activation.domain.Destination;
import io.cdp.activation.domain.SendWindow;
import io.cdp.activation.send.Backoff;
import io.cdp.activation.send.CircuitBreakers;
import io.cdp.activation.send.CircuitOpenException;
import io.cdp.activation.send.FailureClassifier;
import io.cdp.activation.send.Senders;
import io.cdp.activation.store.ActivationIndices;
import io.cdp.activation.store.Catalog;
import io.cdp.activation.store.DeliveryStore;
import io.cdp.platform.elasticsearch.Documents;
import io.cdp.profile.ProfileId;
import io.cdp.profile.ProfileSnapshot;
import io.cdp.profile.Profiles;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Sends stored deliveries when they are due. Each is claimed with a compare-and-set write
 * (PENDING → SENDING with a lease), sent, then marked SENT: instances never send the same delivery
 * at once, and one whose sender died is resumed when its lease runs out (flagged inDoubt, since the
 * destination may have it already). Consent, send window, quiet hours and frequency cap are checked
 * right before sending, on the profile as it is then. A closed send window or an open circuit
 * defers a delivery without counting an attempt: only calls that reached the destination use up
 * the retry budget.
 */
@Component
@ConditionalOnProperty(prefix = "cdp.activation", name = "listeners-enabled", matchIfMissing = true)
final class Dispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final String CIRCUIT_OPEN = "circuit open: the destination failed repeatedly";

    /** Tuning of the dispatcher; see ActivationProperties for the meaning of each. */
    record Settings(int batchSize, int concurrency, Duration lease, int maxAttempts,
            boolean deadLetterPermanent, SendWindow outsideQuietHours) {
    }

    private final Documents<Delivery> deliveries;
    private final DeliveryStore deliveryStore;
    private final Catalog catalog;
    private final Profiles profiles;
    private final Senders senders;
    private final FrequencyCaps caps;
    private final CircuitBreakers breakers;
    private final FailureClassifier classifier;
    private final Backoff backoff;
    private final Settings settings;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ExecutorService workers;

    Dispatcher(ActivationIndices indices, DeliveryStore deliveryStore, Catalog catalog, Profiles profiles,
            Senders senders, FrequencyCaps caps, CircuitBreakers breakers, FailureClassifier classifier,
            ActivationProperties properties, ObjectProvider<Clock> clock, ObjectProvider<MeterRegistry> meters) {
        this.deliveries = indices.deliveries();
        this.deliveryStore = deliveryStore;
        this.catalog = catalog;
        this.profiles = profiles;
        this.senders = senders;
        this.caps = caps;
        this.breakers = breakers;
        this.classifier = classifier;
        this.backoff = new Backoff(properties.retry().initial(), properties.retry().max());
        this.settings = settings(properties);
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
        this.workers = Executors.newFixedThreadPool(settings.concurrency(), r -> {
            Thread thread = new Thread(r, "cdp-activation-send");
            thread.setDaemon(true);
            return thread;
        });
    }

    private static Settings settings(ActivationProperties properties) {
        ActivationProperties.QuietHours quiet = properties.quietHours();
        SendWindow outsideQuietHours = quiet == null || quiet.start() == null || quiet.end() == null ? null
                : SendWindow.outsideQuietHours(quiet.start(), quiet.end(), quiet.zone());
        return new Settings(properties.dispatch().batchSize(), properties.dispatch().concurrency(),
                properties.dispatch().lease(), properties.retry().maxAttempts(),
                properties.onPermanentFailure() == ActivationProperties.FailureBehaviour.DEAD_LETTER,
                outsideQuietHours);
    }

    /** Processes what is due now; returns how many deliveries it looked at. */
    public int dispatchDue() {
        List<Documents.Versioned<Delivery>> batch = deliveryStore.due(clock.instant(), settings.batchSize());
        // each delivery is claimed by compare-and-set, so they can be sent side by side: a send is
        // mostly waiting for Elasticsearch and the destination
        PollLookups lookups = new PollLookups();
        List<Callable<Void>> sends = batch.stream().<Callable<Void>>map(read -> () -> {
            dispatch(read, lookups);
            return null;
        }).toList();
        try {
            for (Future<Void> sent : workers.invokeAll(sends)) {
                sent.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        return batch.size();
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }

    /**
     * The deliveries of one poll mostly share an activation and a destination: each is read (and
     * its secrets opened) once per poll rather than once per delivery.
     */
    private final class PollLookups {
        private final Map<String, Optional<Activation>> activations = new ConcurrentHashMap<>();
        private final Map<String, Optional<Destination>> destinations = new ConcurrentHashMap<>();

        Optional<Activation> activation(String id) {
            return activations.computeIfAbsent(id, catalog::activation);
        }

        Optional<Destination> destination(String id) {
            return destinations.computeIfAbsent(id, catalog::destination);
        }
    }

    private void dispatch(Documents.Versioned<Delivery> read, PollLookups lookups) {
        Instant now = clock.instant();
        Optional<Documents.Versioned<Delivery>> claim = deliveries.replace(read,
                read.document().claimed(now, now.plus(settings.lease())));
        if (claim.isEmpty()) {
            return; // another instance claimed it, or it changed since the search saw it
        }
        Delivery delivery = claim.get().document();
        Delivery outcome;
        try {
            outcome = decideAndSend(delivery, now, lookups);
        } catch (RuntimeException failure) {
            outcome = failed(delivery, failure, clock.instant());
        }
        if (deliveries.replace(claim.get(), outcome).isEmpty()) {
            LOG.warn("delivery {} changed while it was being sent (lease too short?)", delivery.key());
        }
        meters.counter("cdp.activation.deliveries", "state", outcome.state().name(), "channel",
                String.valueOf(delivery.channel())).increment();
        LOG.info("delivery {} of activation {}: {} {}", delivery.key(), delivery.activationId(), outcome.state(),
                outcome.reason() == null ? "" : outcome.reason());
    }

    private Delivery decideAndSend(Delivery delivery, Instant now, PollLookups lookups) {
        Optional<Activation> activation = lookups.activation(delivery.activationId());
        if (activation.isEmpty()) {
            return delivery.to(DeliveryState.SKIPPED, "activation deleted", now);
        }
        Optional<Destination> destination = lookups.destination(delivery.destinationId());
        if (destination.isEmpty()) {
            return delivery.to(DeliveryState.SKIPPED, "destination deleted", now);
        }
        Instant allowed = nextAllowed(activation.get(), now);
        if (allowed.isAfter(now)) {
            return delivery.deferred(allowed, "outside the send window or in quiet hours", now);
        }
        Optional<ProfileSnapshot> profile = profiles.find(ProfileId.of(delivery.profileId()));
        if (profile.isEmpty()) {
            return delivery.to(DeliveryState.SKIPPED, "profile not found", now);
        }
        String consent = destination.get().kind().consent();
        if (consent != null && !profile.get().consentedTo(consent)) {
            return delivery.to(DeliveryState.SKIPPED, "no consent for " + consent, now);
        }
        Optional<Instant> circuitOpen = breakers.openUntil(destination.get().id());
        if (circuitOpen.isPresent()) {
            // not an attempt: nothing was tried, so the delivery keeps its budget for when the destination is back
            return delivery.deferred(circuitOpen.get(), CIRCUIT_OPEN, now);
        }
        if (!caps.take(delivery, now)) {
            return delivery.to(DeliveryState.SKIPPED, "frequency cap of " + delivery.channel(), now);
        }
        try {
            breakers.call(destination.get().id(), () -> {
                senders.triggered(destination.get().kind()).send(destination.get(), activation.get(), delivery,
                        profile.get());
                return null;
            });
        } catch (RuntimeException failure) {
            giveBackSlot(delivery, failure);
            throw failure;
        }
        return delivery.to(DeliveryState.SENT, null, clock.instant());
    }

    /** A failed send did not reach the person: it must not use up the cap (its retry takes a slot again). */
    private void giveBackSlot(Delivery delivery, RuntimeException failure) {
        try {
            caps.release(delivery);
        } catch (RuntimeException releaseFailed) {
            // the slot stays taken until the window passes: the cap errs on fewer mails
            failure.addSuppressed(releaseFailed);
        }
    }

    private Instant nextAllowed(Activation activation, Instant now) {
        Instant at = now;
        // two passes: the activation's window may open inside quiet hours and the reverse
        for (int i = 0; i < 2; i++) {
            if (activation.sendWindow() != null) {
                at = activation.sendWindow().nextAllowed(at);
            }
            if (settings.outsideQuietHours() != null) {
                at = settings.outsideQuietHours().nextAllowed(at);
            }
        }
        return at;
    }

    private Delivery failed(Delivery delivery, RuntimeException failure, Instant now) {
        if (failure instanceof CircuitOpenException open) {
            // the breaker opened (or its trial began) after the check above: still nothing was tried
            return delivery.deferred(now.plus(open.retryAfter()), CIRCUIT_OPEN, now);
        }
        String reason = classifier.reason(failure);
        if (classifier.classify(failure) == FailureClassifier.Kind.TRANSIENT
                && delivery.attempts() < settings.maxAttempts()) {
            Duration wait = backoff.delay(delivery.attempts(), classifier.retryAfter(failure).orElse(null));
            return delivery.rescheduled(now.plus(wait), reason, now);
        }
        return delivery.to(settings.deadLetterPermanent() ? DeliveryState.DEAD : DeliveryState.SKIPPED, reason, now);
    }
}
