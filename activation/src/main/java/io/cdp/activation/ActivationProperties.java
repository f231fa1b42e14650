package io.cdp.activation;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.cdp.platform.Topics;

/**
 * Typed configuration of activation ({@code cdp.activation.*}). Public because the module's components in its
 * sub-packages ({@code engine}, {@code send}) are configured from it; other modules have no use for it.
 *
 * @param indexPrefix          prefix of this module's indices ({@code <prefix>act-*})
 * @param membershipsTopic     where segmentation publishes membership changes
 * @param eventsTopic          raw events: conversions are read from it, consent changes written to it
 * @param profileChangesTopic  where the profile store publishes erasures (ProfileErased)
 * @param consumerGroup        group of the membership consumer
 * @param conversionGroup      group of the conversion consumer
 * @param erasureGroup         group of the consumer deleting erased people's data
 * @param listenersEnabled     whether this instance consumes and dispatches (off for API-only instances)
 * @param publicBaseUrl        where people reach this platform (unsubscribe links)
 * @param secretsKey           base64 of 32 bytes sealing destination secrets and signing unsubscribe links;
 *                             blank: read from (or created once in) {@code keyFile}
 * @param keyFile              where the generated key lives when {@code secretsKey} is blank
 * @param dispatch             the sender of stored deliveries
 * @param retry                backoff of transient failures
 * @param onPermanentFailure   what a permanent failure does: DEAD_LETTER keeps it retryable, DROP records and forgets
 * @param circuit              per-destination circuit breaker
 * @param fullSync             full audience syncs
 * @param frequencyCaps        per channel ("email" ...): at most this many sends to one profile per
 *                             {@code frequencyWindow}; when not configured, email=3
 * @param frequencyWindow      the window of the frequency caps
 * @param quietHours           global quiet hours (no sends), off when absent
 * @param limits               per-call limits of the platforms
 * @param defaultPhoneRegion   region of phone numbers written without a country code
 * @param conversion           what counts as a conversion and how it is attributed
 * @param clvSnapshotInterval  how often CLV per segment is recorded
 * @param localSmtp            an embedded SMTP server with a readable inbox, for {@code ./cdp start}
 * @param allowedNetworks      CIDR blocks destinations may reach although they are loopback, link-local or
 *                             private (on-premise targets); an operator setting, empty by default. The
 *                             platform's own Elasticsearch and Kafka stay refused whatever it says.
 */
@ConfigurationProperties("cdp.activation")
public record ActivationProperties(
        @DefaultValue("cdp-") String indexPrefix,
        @DefaultValue(Topics.MEMBERSHIPS) String membershipsTopic,
        @DefaultValue(Topics.EVENTS) String eventsTopic,
        @DefaultValue(Topics.PROFILE_CHANGES) String profileChangesTopic,
        @DefaultValue("cdp-activation") String consumerGroup,
        @DefaultValue("cdp-activation-conversions") String conversionGroup,
        @DefaultValue("cdp-activation-erasure") String erasureGroup,
        @DefaultValue("true") boolean listenersEnabled,
        @DefaultValue("http://localhost:8080") String publicBaseUrl,
        @DefaultValue("") String secretsKey,
        @DefaultValue(".cdp-data/activation.key") String keyFile,
        @DefaultValue Dispatch dispatch,
        @DefaultValue Retry retry,
        @DefaultValue("DEAD_LETTER") FailureBehaviour onPermanentFailure,
        @DefaultValue Circuit circuit,
        @DefaultValue FullSync fullSync,
        Map<String, Integer> frequencyCaps,
        @DefaultValue("24h") Duration frequencyWindow,
        QuietHours quietHours,
        @DefaultValue Limits limits,
        @DefaultValue("US") String defaultPhoneRegion,
        @DefaultValue Conversion conversion,
        @DefaultValue("1h") Duration clvSnapshotInterval,
        @DefaultValue LocalSmtp localSmtp,
        List<String> allowedNetworks) {

    public ActivationProperties {
        // a map cannot take a @DefaultValue: Spring would not convert "email=3" and bind nothing at all
        frequencyCaps = frequencyCaps == null ? Map.of("email", 3) : Map.copyOf(frequencyCaps);
        allowedNetworks = allowedNetworks == null ? List.of() : List.copyOf(allowedNetworks);
    }

    public enum FailureBehaviour { DEAD_LETTER, DROP }

    /**
     * @param interval  pause between polls when nothing was due
     * @param batchSize   deliveries claimed per poll (in one bulk request)
     * @param concurrency chunks of a poll sent side by side, each over one connection to its destination
     * @param lease     how long a claimed delivery is ours; after it, another instance (or our restart) resumes it
     */
    public record Dispatch(@DefaultValue("500ms") Duration interval, @DefaultValue("500") int batchSize,
            @DefaultValue("8") int concurrency, @DefaultValue("2m") Duration lease) {
    }

    public record Retry(@DefaultValue("1s") Duration initial, @DefaultValue("5m") Duration max,
            @DefaultValue("8") int maxAttempts, @DefaultValue("3") int inlineAttempts) {
    }

    public record Circuit(@DefaultValue("5") int failureThreshold, @DefaultValue("30s") Duration openFor) {
    }

    /** @param lease a running full sync silent this long (its instance died) is resumed by another */
    public record FullSync(@DefaultValue("2m") Duration lease) {
    }

    public record QuietHours(LocalTime start, LocalTime end, @DefaultValue("UTC") ZoneId zone) {
    }

    /**
     * Meta: rows per users call; Google: user identifiers per addOperations; CRM: inputs per batch
     * upsert; syncPage: entries read per page of a full sync (and of exports), as many as Meta takes in one call.
     */
    public record Limits(@DefaultValue("10000") int metaRows, @DefaultValue("100000") int googleIdentifiers,
            @DefaultValue("100") int crmInputs, @DefaultValue("10000") int syncPage) {
    }

    /**
     * @param events            event names that count
     * @param attributionWindow a conversion counts for entries entered at most this long before it
     * @param unresolvedFor     how long an event whose person is not resolved yet is retried before it is skipped
     */
    public record Conversion(@DefaultValue("Order Completed") List<String> events,
            @DefaultValue("7d") Duration attributionWindow, @DefaultValue("2m") Duration unresolvedFor) {
    }

    public record LocalSmtp(@DefaultValue("false") boolean enabled, @DefaultValue("3025") int port) {
    }
}
