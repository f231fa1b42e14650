package io.cdp.segmentation.preview;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.stereotype.Service;

import io.cdp.profile.ProfileSnapshot;
import io.cdp.profile.Profiles;
import io.cdp.segmentation.Condition;
import io.cdp.segmentation.Definitions;
import io.cdp.segmentation.Evaluator;
import io.cdp.segmentation.InvalidDefinitionsException;
import io.cdp.segmentation.SegmentDefinition;
import io.cdp.segmentation.SegmentationProperties;
import io.cdp.segmentation.membership.FactsMapper;
import io.cdp.segmentation.membership.FilteredEventCounts;

/**
 * Estimates a draft segment's size without saving it: the draft is evaluated (with every saved
 * segment it may reference) on a random sample of profiles, and the count is extrapolated with an
 * exact 95% interval for sampling without replacement ({@link SizeInterval}). When the sample is the
 * whole population the count is exact. Costs one count, one random_score search and
 * {@code sampleSize} evaluations, whatever the number of profiles, plus one timeline search when
 * event conditions filter on properties.
 */
@Service
public final class SizeEstimator {

    private final Profiles profiles;
    private final Evaluator live;
    private final Evaluator drafts;
    private final FilteredEventCounts eventCounts;
    private final int sampleSize;

    SizeEstimator(Profiles profiles, Evaluator live, FilteredEventCounts eventCounts,
            SegmentationProperties properties, Clock clock) {
        this.profiles = profiles;
        this.live = live;
        this.eventCounts = eventCounts;
        this.drafts = Evaluator.createForOneThread(clock, properties.zone());
        this.sampleSize = properties.previewSampleSize();
    }

    /**
     * @param estimate  the most likely size
     * @param low       lower end of the 95% interval
     * @param high      upper end of the 95% interval
     * @param margin    half the interval's width: "estimate ± margin"
     * @param exact     the sample was every profile
     */
    public record Estimate(String segmentId, long estimate, long low, long high, long margin, int sampleSize,
            long sampleMatches, long totalProfiles, double confidence, long seed, boolean exact) {
    }

    /** Drafts share one evaluator whose active set is swapped per call, hence one preview at a time. */
    public synchronized Estimate estimate(SegmentDefinition draft, Long seed) {
        Definitions current = live.definitions();
        List<SegmentDefinition> segments = new ArrayList<>(current.segments());
        segments.removeIf(s -> s.id().equals(draft.id()));
        segments.add(draft);
        try {
            drafts.define(new Definitions(segments, List.of(), List.of()));
        } catch (InvalidDefinitionsException e) {
            String own = "$.segments[" + (segments.size() - 1) + "]";
            throw new InvalidDefinitionsException(e.errors().stream().map(err -> err.relativeTo(own)).toList());
        }
        long usedSeed = seed != null ? seed : ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        long total = profiles.count();
        List<ProfileSnapshot> sample = profiles.sample(sampleSize, usedSeed);
        Evaluator.Rules rules = drafts.rules();
        Map<String, Map<Condition.EventSelection, Long>> counts = eventCounts.load(rules, sample, false);
        long matches = sample.stream().filter(p -> rules.evaluate(FactsMapper.facts(p, Set.of(),
                counts.get(p.id().value()))).segments().contains(draft.id())).count();
        int n = sample.size();
        if (n == 0 || n >= total) {
            return new Estimate(draft.id(), matches, matches, matches, 0, n, matches, total, 1.0, usedSeed, true);
        }
        SizeInterval interval = SizeInterval.of(matches, n, total);
        long estimate = Math.round((double) matches / n * total);
        return new Estimate(draft.id(), estimate, interval.low(), interval.high(),
                (interval.high() - interval.low() + 1) / 2, n, matches, total, 0.95, usedSeed, false);
    }
}
