package io.cdp.segmentation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.cdp.platform.Topics;

import java.time.Duration;
import java.time.ZoneId;

/**
 * Typed configuration of segmentation ({@code cdp.segmentation.*}). Public because the module's components
 * in its sub-packages are configured from it; other modules have no use for it.
 *
 * @param rawDrlEnabled      raw DRL segments run admin-written code inside the engine: off unless
 *                           an operator turns it on
 * @param zone               the zone whose calendar days time windows and rollups count in
 * @param indexPrefix        prefix of the indices this module owns (definitions, memberships, history, runs)
 * @param changesTopic       where profile changes arrive from the profile store
 * @param membershipsTopic   where SegmentEntered / SegmentExited go
 * @param consumerGroup      consumer group of real-time evaluation
 * @param concurrency        consumer threads in this instance
 * @param maxPollRecords     profile changes evaluated per batch at most
 * @param fetchMinBytes      a fetch answers once this much is waiting: 1 hands a change over as soon as it
 *                           arrives, so that a quiet topic adds no delay
 * @param fetchMaxWait       how long a fetch waits for {@code fetchMinBytes}
 * @param listenerEnabled    whether this instance evaluates in real time (off for API-only instances)
 * @param definitionsRefresh how often each instance reloads definitions saved by other instances
 * @param schedule           the scheduled evaluation of every profile
 * @param failure            what happens to profile changes that cannot be evaluated
 * @param previewSampleSize  profiles a draft is evaluated on for its size estimate
 * @param topicRetention     how long Kafka keeps memberships and dead-lettered profile changes (profile ids,
 *                           snapshots): the bound on how long an erased person stays in these topics
 */
@ConfigurationProperties("cdp.segmentation")
public record SegmentationProperties(
        @DefaultValue("false") boolean rawDrlEnabled,
        @DefaultValue("UTC") ZoneId zone,
        @DefaultValue Lifecycle lifecycle,
        @DefaultValue("cdp-") String indexPrefix,
        @DefaultValue(Topics.PROFILE_CHANGES) String changesTopic,
        @DefaultValue(Topics.MEMBERSHIPS) String membershipsTopic,
        @DefaultValue("cdp-segmentation") String consumerGroup,
        @DefaultValue("2") int concurrency,
        @DefaultValue("500") int maxPollRecords,
        @DefaultValue("1") int fetchMinBytes,
        @DefaultValue("100ms") Duration fetchMaxWait,
        @DefaultValue("true") boolean listenerEnabled,
        @DefaultValue("5s") Duration definitionsRefresh,
        @DefaultValue Schedule schedule,
        @DefaultValue Failure failure,
        @DefaultValue("2000") int previewSampleSize,
        @DefaultValue("7d") Duration topicRetention) {

    public record Lifecycle(@DefaultValue("30") int newDays, @DefaultValue("30") int activeDays,
                     @DefaultValue("90") int churnDays, @DefaultValue("2") int repeatOrders) {

        public LifecycleThresholds thresholds() {
            return new LifecycleThresholds(newDays, activeDays, churnDays, repeatOrders);
        }
    }

    /**
     * @param cron        Spring cron of the scheduled run ("-" turns it off); time-dependent segments
     *                    (windows, lifecycle) only change when it runs
     * @param pageSize    profiles per scan page: one bulk write and one cursor save per page
     * @param pagesInFlight pages evaluated and written at once while the scan fetches the next; cursors
     *                    are still saved in page order
     * @param leaseTimeout a running run whose owner has not reported for this long is taken over
     *                    and resumed from its cursor by another instance (or this one after a restart)
     */
    public record Schedule(@DefaultValue("0 0 3 * * *") String cron, @DefaultValue("1000") int pageSize,
                    @DefaultValue("2") int pagesInFlight,
                    @DefaultValue("2m") Duration leaseTimeout) {
    }

    /**
     * @param deadLetterTopic profile changes that can never be evaluated (unreadable), with the reason
     * @param retryInitial    first backoff of a transient failure (Elasticsearch or Kafka unavailable)
     * @param retryMax        longest backoff; transient failures are retried until they succeed
     */
    public record Failure(@DefaultValue(Topics.PROFILE_CHANGES_SEGMENTATION_DEAD_LETTER) String deadLetterTopic,
                   @DefaultValue("200ms") Duration retryInitial, @DefaultValue("10s") Duration retryMax) {
    }
}
