package io.cdp.ingestion.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

import lombok.RequiredArgsConstructor;

import io.cdp.platform.EventIngested;

/**
 * The one pipeline behind HTTP, the input topic and CSV import: normalize every call, put the
 * exchange rate on orders ({@link OrderCurrencies}), append the valid ones to Kafka, count both.
 */
@RequiredArgsConstructor
public class IngestionService {

    private final EventNormalizer normalizer;
    private final EventPublisher publisher;
    private final IngestionMetrics metrics;
    private final OrderCurrencies orderCurrencies;
    private final RecentEvents recent;

    /** Accepted events (already acknowledged by Kafka) and refused items by index. */
    public record Outcome(List<EventIngested> accepted, List<Rejection> rejections) {
    }

    /**
     * @param fallbackMessageIds messageId for the item at an index that has none
     * @throws KafkaUnavailableException when Kafka did not acknowledge every valid event
     */
    public Outcome ingest(ParsedRequest request, String sourceId, Instant receivedAt,
                          IntFunction<String> fallbackMessageIds) {
        return ingest(request, sourceId, receivedAt, fallbackMessageIds, orderCurrencies::convert);
    }

    /**
     * For the CSV import, which puts the rate of each order's day in the file's zone on it itself
     * and refuses the rows of an order without one.
     */
    public Outcome ingestWithRates(ParsedRequest request, String sourceId, Instant receivedAt,
                                   IntFunction<String> fallbackMessageIds) {
        return ingest(request, sourceId, receivedAt, fallbackMessageIds, UnaryOperator.identity());
    }

    private Outcome ingest(ParsedRequest request, String sourceId, Instant receivedAt,
                           IntFunction<String> fallbackMessageIds, UnaryOperator<EventIngested> rates) {
        List<EventIngested> accepted = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        for (int i = 0; i < request.items().size(); i++) {
            EventNormalizer.Result result = normalizer.normalize(request.items().get(i), request.singleType(),
                    request.defaults(), sourceId, receivedAt, fallbackMessageIds.apply(i));
            if (result.isAccepted()) {
                accepted.add(rates.apply(result.event()));
            } else {
                rejections.add(Rejection.of(i, result.violation()));
                metrics.rejected(sourceId, result.violation().rule(), 1);
            }
        }
        if (!accepted.isEmpty()) {
            try {
                publisher.publishAll(accepted);
            } catch (KafkaUnavailableException e) {
                metrics.rejected(sourceId, "kafkaUnavailable", accepted.size());
                throw e;
            }
            metrics.accepted(sourceId, accepted.size());
            recent.add(accepted);
            accepted.forEach(orderCurrencies::countIfUnconverted);
        }
        return new Outcome(accepted, rejections);
    }
}
