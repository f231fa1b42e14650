package io.cdp.activation.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import io.cdp.activation.ActivationProperties;
import io.cdp.activation.domain.Activation;
import io.cdp.activation.domain.Delivery;
import io.cdp.activation.domain.DeliveryState;
import io.cdp.activation.domain.Destination;
import io.cdp.activation.domain.SendWindow;
import io.cdp.activation.send.Backoff;
import io.cdp.activation.send.BatchingSender;
import io.cdp.activation.send.CircuitBreakers;
import io.cdp.activation.send.CircuitOpenException;
import io.cdp.activation.send.FailureClassifier;
import io.cdp.activation.send.Senders;
import io.cdp.activation.send.TriggeredSender;
import io.cdp.activation.store.ActivationIndices;
import io.cdp.activation.store.Catalog;
import io.cdp.activation.store.DeliveryStore;
import io.cdp.platform.DaemonThreads;
import io.cdp.platform.elasticsearch.Documents;
import io.cdp.profile.ProfileId;
import io.cdp.profile.ProfileSnapshot;
import io.cdp.profile.Profiles;
import io.micrometer.core.instrument.MeterRegistry;

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
    /** The most deliveries sent over one connection after one read of their people. */
    private static final int MAX_CHUNK = 50;

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
            Backoff backoff, ActivationProperties properties, Clock clock, MeterRegistry meters) {
        this.deliveries = indices.deliveries();
        this.deliveryStore = deliveryStore;
        this.catalog = catalog;
        this.profiles = profiles;
        this.senders = senders;
        this.caps = caps;
        this.breakers = breakers;
        this.classifier = classifier;
        this.backoff = backoff;
        this.settings = settings(properties);
        this.clock = clock;
        this.meters = meters;
        this.workers = Executors.newFixedThreadPool(settings.concurrency(),
                DaemonThreads.named("cdp-activation-send-"));
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
        Instant now = clock.instant();
        return claimAndSend(deliveryStore.due(now, now.minus(DeliveryHandoff.GRACE), settings.batchSize()));
    }

    /** Processes deliveries handed over as they were stored ({@link DeliveryHandoff}); returns how many. */
    int dispatchHandedOver(List<Documents.Versioned<Delivery>> handed) {
        return claimAndSend(handed);
    }

    /** Claims the deliveries read (those changed since are left out), then sends them chunk by chunk. */
    private int claimAndSend(List<Documents.Versioned<Delivery>> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        // one bulk request claims the poll, each delivery by its own compare-and-set: one that another
        // instance claimed, or that changed since the search saw it, is left out
        Map<String, Documents.Versioned<Delivery>> claims = deliveries.writeAll(batch.stream()
                .map(read -> Documents.Write.replace(read, read.document().claimed(now, now.plus(settings.lease()))))
                .toList());
        PollLookups lookups = new PollLookups();
        // chunks are sent side by side: a chunk mostly waits for Elasticsearch and the destination
        List<Callable<Void>> sends = chunks(batch.stream().map(read -> claims.get(read.id()))
                .filter(Objects::nonNull).toList()).stream().<Callable<Void>>map(chunk -> () -> {
                    dispatch(chunk, lookups);
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

    /**
     * The claims split into chunks of one destination, up to {@code concurrency} of them or more of
     * {@link #MAX_CHUNK}: a chunk's people are read right before it is sent, so consent is at most one
     * chunk's sending old.
     */
    private List<List<Documents.Versioned<Delivery>>> chunks(List<Documents.Versioned<Delivery>> claimed) {
        int size = Math.max(1, Math.min(MAX_CHUNK,
                (claimed.size() + settings.concurrency() - 1) / settings.concurrency()));
        Map<String, List<Documents.Versioned<Delivery>>> byDestination = new LinkedHashMap<>();
        claimed.forEach(c -> byDestination.computeIfAbsent(c.document().destinationId(), d -> new ArrayList<>()).add(c));
        List<List<Documents.Versioned<Delivery>>> chunks = new ArrayList<>();
        byDestination.values().forEach(ofDestination -> {
            for (int i = 0; i < ofDestination.size(); i += size) {
                chunks.add(ofDestination.subList(i, Math.min(ofDestination.size(), i + size)));
            }
        });
        return chunks;
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

    /** A claimed delivery on its way: what it goes to, and its outcome once decided. */
    private static final class Claim {
        final Documents.Versioned<Delivery> claim;
        Activation activation;
        ProfileSnapshot profile;
        Delivery outcome;

        Claim(Documents.Versioned<Delivery> claim) {
            this.claim = claim;
        }

        Delivery delivery() {
            return claim.document();
        }
    }

    /**
     * Decides and sends one chunk (one destination), in steps that each ask Elasticsearch once for
     * the whole chunk, then records every outcome in one bulk request. Consent is read right before
     * the chunk is sent.
     */
    private void dispatch(List<Documents.Versioned<Delivery>> chunk, PollLookups lookups) {
        Instant now = clock.instant();
        List<Claim> claims = chunk.stream().map(Claim::new).toList();
        try {
            decideAndSend(claims, now, lookups);
        } catch (RuntimeException failure) {
            claims.stream().filter(c -> c.outcome == null)
                    .forEach(c -> c.outcome = failed(c.delivery(), failure, clock.instant()));
        }
        Set<String> written = deliveries.writeAll(claims.stream()
                .map(c -> Documents.Write.replace(c.claim, c.outcome)).toList()).keySet();
        for (Claim c : claims) {
            Delivery delivery = c.delivery();
            if (!written.contains(delivery.key())) {
                LOG.warn("delivery {} changed while it was being sent (lease too short?)", delivery.key());
            }
            meters.counter("cdp.activation.deliveries", "state", c.outcome.state().name(), "channel",
                    String.valueOf(delivery.channel())).increment();
            LOG.info("delivery {} of activation {}: {} {}", delivery.key(), delivery.activationId(),
                    c.outcome.state(), c.outcome.reason() == null ? "" : c.outcome.reason());
        }
    }

    private void decideAndSend(List<Claim> claims, Instant now, PollLookups lookups) {
        Optional<Destination> destination = lookups.destination(claims.get(0).delivery().destinationId());
        for (Claim c : claims) {
            Delivery delivery = c.delivery();
            c.activation = lookups.activation(delivery.activationId()).orElse(null);
            if (c.activation == null) {
                c.outcome = delivery.to(DeliveryState.SKIPPED, "activation deleted", now);
            } else if (destination.isEmpty()) {
                c.outcome = delivery.to(DeliveryState.SKIPPED, "destination deleted", now);
            } else {
                Instant allowed = nextAllowed(c.activation, now);
                if (allowed.isAfter(now)) {
                    c.outcome = delivery.deferred(allowed, "outside the send window or in quiet hours", now);
                }
            }
        }
        List<Claim> open = undecided(claims);
        if (open.isEmpty()) {
            return;
        }
        Map<String, ProfileSnapshot> people = people(open);
        String consent = destination.get().kind().consent();
        for (Claim c : open) {
            c.profile = people.get(c.delivery().profileId());
            if (c.profile == null) {
                c.outcome = c.delivery().to(DeliveryState.SKIPPED, "profile not found", now);
            } else if (consent != null && !c.profile.consentedTo(consent)) {
                c.outcome = c.delivery().to(DeliveryState.SKIPPED, "no consent for " + consent, now);
            }
        }
        open = undecided(claims);
        Optional<Instant> circuitOpen = breakers.openUntil(destination.get().id());
        if (circuitOpen.isPresent()) {
            // not an attempt: nothing was tried, so the delivery keeps its budget for when the destination is back
            open.forEach(c -> c.outcome = c.delivery().deferred(circuitOpen.get(), CIRCUIT_OPEN, now));
            return;
        }
        Set<String> capped = caps.takeAll(open.stream().map(Claim::delivery).toList(), now);
        for (Claim c : open) {
            if (capped.contains(c.delivery().key())) {
                c.outcome = c.delivery().to(DeliveryState.SKIPPED, "frequency cap of " + c.delivery().channel(), now);
            }
        }
        send(destination.get(), undecided(claims));
    }

    private static List<Claim> undecided(List<Claim> claims) {
        return claims.stream().filter(c -> c.outcome == null).toList();
    }

    /**
     * The people as they are now, by the profile id the deliveries name, read in one request; an id
     * merged into another profile (rare) is followed to its survivor on its own.
     */
    private Map<String, ProfileSnapshot> people(List<Claim> claims) {
        Map<String, ProfileSnapshot> people = new HashMap<>();
        profiles.findAll(claims.stream().map(c -> ProfileId.of(c.delivery().profileId())).toList())
                .forEach(p -> people.put(p.id().value(), p));
        claims.stream().map(c -> c.delivery().profileId()).filter(id -> !people.containsKey(id)).distinct()
                .forEach(id -> profiles.find(ProfileId.of(id)).ifPresent(p -> people.put(id, p)));
        return people;
    }

    /**
     * Sends the chunk. While the destination is healthy a sender that can batch sends it as one and
     * each outcome goes to the circuit breaker afterwards; else each send goes through the breaker
     * on its own, so that an open or half-open circuit lets exactly its one trial through.
     */
    private void send(Destination destination, List<Claim> claims) {
        Map<String, RuntimeException> failures;
        try {
            failures = failures(destination, claims);
        } catch (RuntimeException noSender) {
            failures = new HashMap<>();
            for (Claim c : claims) {
                failures.put(c.delivery().key(), noSender);
            }
        }
        for (Claim c : claims) {
            RuntimeException failure = failures.get(c.delivery().key());
            if (failure == null) {
                c.outcome = c.delivery().to(DeliveryState.SENT, null, clock.instant());
            } else {
                giveBackSlot(c.delivery(), failure);
                c.outcome = failed(c.delivery(), failure, clock.instant());
            }
        }
    }

    /** Sends the claims; the failures by delivery key. */
    private Map<String, RuntimeException> failures(Destination destination, List<Claim> claims) {
        TriggeredSender sender = senders.triggered(destination.kind());
        if (sender instanceof BatchingSender batching && breakers.healthy(destination.id())) {
            Map<String, RuntimeException> failures = batching.sendAll(destination, claims.stream()
                    .map(c -> new BatchingSender.Message(c.activation, c.delivery(), c.profile)).toList());
            claims.forEach(c -> breakers.record(destination.id(), failures.get(c.delivery().key())));
            return failures;
        }
        Map<String, RuntimeException> failures = new HashMap<>();
        for (Claim c : claims) {
            try {
                breakers.call(destination.id(), () -> {
                    sender.send(destination, c.activation, c.delivery(), c.profile);
                    return null;
                });
            } catch (RuntimeException failure) {
                failures.put(c.delivery().key(), failure);
            }
        }
        return failures;
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
