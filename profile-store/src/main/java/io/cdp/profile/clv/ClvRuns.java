package io.cdp.profile.clv;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import lombok.RequiredArgsConstructor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import io.cdp.insights.BgNbdModel;
import io.cdp.insights.CustomerValue;
import io.cdp.insights.GammaGammaModel;
import io.cdp.insights.Horizon;
import io.cdp.insights.LifetimeValueModel;
import io.cdp.insights.PurchaseHistory;
import io.cdp.insights.ValueDeciles;
import io.cdp.platform.DaemonThreads;
import io.cdp.platform.elasticsearch.Documents;
import io.cdp.platform.elasticsearch.PointInTimeScan;
import io.cdp.profile.ProfileChanged;
import io.cdp.profile.ProfileId;
import io.cdp.profile.domain.PredictedValue;
import io.cdp.profile.domain.ProfileDocument;
import io.cdp.profile.store.ProfileStore;
import io.cdp.profile.store.StoredProfiles;
import io.cdp.profile.store.Versioned;

/**
 * CLV runs: fit BG/NBD and Gamma-Gamma on every customer (live profile with orders), then score each one and
 * write the scores that changed onto the profile through the store's compare-and-set writes, announcing each
 * written profile with a {@link ProfileChanged} ({@code predictedValue}) so that segmentation re-evaluates it.
 * <p>
 * Two point-in-time scans of the customers: the first keeps only each one's {@link PurchaseHistory} for the fit
 * (an int and three doubles in a record, about 40 bytes a customer, plus one double each for the deciles), the
 * second reads a page at a time, real-time with its versions, scores and writes it. A profile someone wrote in
 * between is read again and scored on what it holds then. One run at a time in an instance; a run does not
 * survive a restart of its instance (the next schedule or request starts a new one).
 */
@RequiredArgsConstructor
public final class ClvRuns implements AutoCloseable {

    /** {@link ProfileChanged#changedFields()} of a profile a run scored. */
    public static final String CHANGED_FIELD = "predictedValue";

    private static final Logger LOG = LoggerFactory.getLogger(ClvRuns.class);
    private static final int MAX_WRITE_ROUNDS = 20;

    /** Published once a page of scores is durable; the runs wait for it before reporting progress. */
    public interface ChangeSink {
        void publish(List<ProfileChanged> changes);
    }

    private final ProfileStore store;
    private final ChangeSink changes;
    private final Documents<ClvRun> runs;
    private final ClvRun.Horizon horizon;
    private final int pageSize;
    private final Clock clock;
    private final AtomicReference<ClvRun> running = new AtomicReference<>();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(DaemonThreads.named("clv-run-"));


    /** Starts a run in the background, or returns the one already running in this instance. */
    public ClvRun start(String trigger) {
        Instant now = clock.instant();
        ClvRun run = new ClvRun(UUID.randomUUID().toString(), trigger, ClvRun.State.RUNNING, now, now, null, horizon,
                0, 0, 0, null, null, null);
        if (!running.compareAndSet(null, run)) {
            return running.get();
        }
        runs.put(run.id(), run);
        runs.refresh();
        executor.submit(() -> execute(run));
        return run;
    }

    public Optional<ClvRun> find(String id) {
        return runs.get(id).map(Documents.Versioned::document);
    }

    private void execute(ClvRun started) {
        ClvRun run = started;
        try {
            run = fit(run);
            runs.put(run.id(), run);
            run = score(run);
            run = run.ended(ClvRun.State.DONE, clock.instant(), null);
        } catch (RuntimeException e) {
            LOG.error("CLV run {} failed", run.id(), e);
            run = run.ended(ClvRun.State.FAILED, clock.instant(), e.getMessage());
        } finally {
            runs.put(run.id(), run);
            runs.refresh();
            running.set(null);
        }
    }

    private ClvRun fit(ClvRun run) {
        List<PurchaseHistory> histories = new ArrayList<>();
        scanCustomers(page -> page.forEach(doc -> history(doc, run.asOf()).ifPresent(histories::add)));
        if (histories.stream().noneMatch(h -> h.repeatPurchases() > 0 && h.meanOrderValue() > 0)) {
            throw new IllegalStateException("no customer with repeat orders of some value to fit the models on ("
                    + histories.size() + " customers)");
        }
        LifetimeValueModel model = LifetimeValueModel.fit(histories);
        Horizon over = horizon(run);
        double[] values = new double[histories.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = model.score(histories.get(i), over).predictedValue();
        }
        ValueDeciles deciles = ValueDeciles.of(values);
        return run.fitted(histories.size(), new ClvRun.Model(model.purchases().r(), model.purchases().alpha(),
                model.purchases().a(), model.purchases().b(), model.orderValue().p(), model.orderValue().q(),
                model.orderValue().gamma()), deciles.bounds());
    }

    private ClvRun score(ClvRun fitted) {
        LifetimeValueModel model = model(fitted.model());
        ValueDeciles deciles = new ValueDeciles(fitted.deciles());
        Horizon over = horizon(fitted);
        long[] counts = {0, 0};
        ClvRun[] run = {fitted};
        scanCustomers(page -> {
            write(page.stream().map(doc -> doc.id).toList(), fitted, model, deciles, over, counts);
            run[0] = fitted.scored(counts[0], counts[1]);
            runs.put(run[0].id(), run[0]);
        });
        return run[0];
    }

    /**
     * Scores these profiles and writes those whose scores changed, again on what they hold when someone wrote them
     * first; adds to {@code counts} the profiles scored and the ones written.
     */
    private void write(List<String> ids, ClvRun run, LifetimeValueModel model, ValueDeciles deciles, Horizon over,
            long[] counts) {
        List<String> pending = ids;
        for (int round = 0; round < MAX_WRITE_ROUNDS && !pending.isEmpty(); round++) {
            List<Versioned<ProfileDocument>> updates = new ArrayList<>();
            for (Versioned<ProfileDocument> read : store.profiles(pending).values()) {
                ProfileDocument doc = read.document();
                if (!doc.isRoot() || doc.erased) {
                    continue;
                }
                Optional<PurchaseHistory> history = history(doc, run.asOf());
                if (history.isEmpty()) {
                    continue;
                }
                PredictedValue scores = predictedValue(model.score(history.get(), over), deciles, run);
                if (scores.sameScores(doc.predictedValue)) {
                    counts[0]++;
                } else {
                    doc.predictedValue = scores;
                    updates.add(read);
                }
            }
            Map<String, Versioned<ProfileDocument>> done = store.updateProfiles(updates);
            List<ProfileChanged> announced = new ArrayList<>();
            Instant at = clock.instant();
            done.keySet().forEach(id -> announced.add(new ProfileChanged(ProfileId.of(id), "clv-run:" + run.id(),
                    Set.of(CHANGED_FIELD), at)));
            changes.publish(announced);
            counts[0] += done.size();
            counts[1] += done.size();
            pending = updates.stream().map(u -> u.document().id).filter(id -> !done.containsKey(id)).toList();
        }
        if (!pending.isEmpty()) {
            throw new IllegalStateException(pending.size() + " profiles kept changing while being scored");
        }
    }

    private void scanCustomers(Consumer<List<ProfileDocument>> page) {
        PointInTimeScan.pages(store.client(), store.names().profiles(), CUSTOMERS, "id", null, pageSize,
                ProfileDocument.class, hits -> page.accept(hits.stream().map(h -> h.source()).toList()));
    }

    private static final Query CUSTOMERS = Query.of(q -> q.bool(b -> b
            .filter(f -> f.term(t -> t.field("erased").value(false)))
            .filter(f -> f.range(r -> r.number(n -> n.field("commerce.orders").gte(1.0))))
            .mustNot(m -> m.exists(e -> e.field("mergedInto")))));

    private static Optional<PurchaseHistory> history(ProfileDocument doc, Instant asOf) {
        return CustomerHistories.of(StoredProfiles.snapshot(doc).commerce(), asOf);
    }

    static PredictedValue predictedValue(CustomerValue value, ValueDeciles deciles, ClvRun run) {
        return new PredictedValue(value.predictedValue(), value.probabilityAlive(), value.expectedOrders(),
                value.expectedOrderValue(), deciles.decile(value.predictedValue()),
                value.basis() == CustomerValue.Basis.CUSTOMER ? "customer" : "population-prior", run.id(),
                run.asOf());
    }

    private static Horizon horizon(ClvRun run) {
        return Horizon.of(run.horizon().periods(), run.horizon().periodDays(), run.horizon().discountRate());
    }

    private static LifetimeValueModel model(ClvRun.Model m) {
        return new LifetimeValueModel(new BgNbdModel(m.r(), m.alpha(), m.a(), m.b()),
                new GammaGammaModel(m.p(), m.q(), m.gamma()));
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
