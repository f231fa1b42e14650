package io.cdp.ingestion.csv;

import static io.cdp.platform.elasticsearch.ElasticsearchClients.unchecked;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;

import io.cdp.ingestion.pipeline.StoreUnavailableException;

/**
 * The daily exchange rates the user imports ({@code date,base,quote,rate}: one {@code base} is
 * {@code rate} {@code quote}), and the conversion of order amounts into the reporting currency:
 * the rate of the order's day or of the latest day before it within {@code maxAgeDays}, direct,
 * inverse or across a common base (an ECB file quoting everything against EUR serves a USD report).
 * Tracked orders are converted with the table held in memory for {@code cacheTtl} (rates are few);
 * rates stored here, or read for an import, replace it at once.
 */
public class ExchangeRates {

    public static final String INDEX = "cdp-exchange-rates";

    private final ElasticsearchClient client;
    private final String reportingCurrency;
    private final int maxAgeDays;
    private final Duration retryAfter;
    private final CachedIndex<StoredRate, Table> rates;

    /** @param retryAfter what a client is told to wait when no table could be read yet */
    public ExchangeRates(ElasticsearchClient client, String reportingCurrency, int maxAgeDays, Duration cacheTtl,
                         Duration retryAfter) {
        this.client = client;
        this.reportingCurrency = ImportRequest.currency(reportingCurrency);
        this.maxAgeDays = maxAgeDays;
        this.retryAfter = retryAfter;
        this.rates = new CachedIndex<>(client, INDEX, StoredRate.class,
                stored -> new Table(this.reportingCurrency, maxAgeDays, stored.stream().map(StoredRate::toRate).toList()),
                cacheTtl);
        installTemplate();
    }

    /** One row of a rates file. */
    record Rate(String date, String base, String quote, BigDecimal rate) {
    }

    /** Stored form: {@code key} orders the pages of {@link #table()}. */
    record StoredRate(String key, String date, String base, String quote, BigDecimal rate) {

        Rate toRate() {
            return new Rate(date, base, quote, rate);
        }
    }

    public String reportingCurrency() {
        return reportingCurrency;
    }

    int maxAgeDays() {
        return maxAgeDays;
    }

    /** A corrected rate replaces the one of the same day and pair. */
    void store(List<Rate> rates) {
        if (rates.isEmpty()) {
            return;
        }
        List<BulkOperation> operations = rates.stream().map(rate -> {
            String key = rate.date() + '|' + rate.base() + '|' + rate.quote();
            return BulkOperation.of(b -> b.index(i -> i.index(INDEX).id(key)
                    .document(new StoredRate(key, rate.date(), rate.base(), rate.quote(), rate.rate()))));
        }).toList();
        BulkResponse response = unchecked(() -> client.bulk(b -> b.operations(operations).refresh(Refresh.WaitFor)));
        if (response.errors()) {
            throw new IllegalStateException("exchange rates could not be stored: " + response.items().stream()
                    .filter(item -> item.error() != null).findFirst().map(item -> item.error().type()).orElse(""));
        }
        this.rates.forget();
    }

    /**
     * Reporting-currency units for one unit of {@code currency} on {@code day}, from the cached table.
     * When Elasticsearch does not answer a reload, the last table serves until the next reload is due.
     *
     * @throws StoreUnavailableException when no table could be read yet
     */
    public Optional<BigDecimal> toReporting(String currency, LocalDate day) {
        Table table;
        try {
            table = rates.current();
        } catch (RuntimeException e) {
            throw StoreUnavailableException.exchangeRates(retryAfter, e);
        }
        return table.toReporting(currency, day);
    }

    /** Every stored rate, for one import; it also replaces the table tracked orders are converted with. */
    Table table() {
        return rates.read();
    }

    /** The rates of one import, in memory. */
    static final class Table {

        private final String reportingCurrency;
        private final int maxAgeDays;
        private final Map<LocalDate, List<Rate>> byDay = new HashMap<>();

        Table(String reportingCurrency, int maxAgeDays, List<Rate> rates) {
            this.reportingCurrency = reportingCurrency;
            this.maxAgeDays = maxAgeDays;
            rates.forEach(rate -> byDay.computeIfAbsent(LocalDate.parse(rate.date()), d -> new ArrayList<>()).add(rate));
        }

        /** Whether {@code currency} converts into the reporting currency on at least one day of the table. */
        boolean convertsOnSomeDay(String currency) {
            return currency.equals(reportingCurrency)
                    || byDay.values().stream().anyMatch(rates -> onDay(rates, currency).isPresent());
        }

        /** Reporting-currency units for one unit of {@code currency} on {@code day}. */
        Optional<BigDecimal> toReporting(String currency, LocalDate day) {
            if (currency.equals(reportingCurrency)) {
                return Optional.of(BigDecimal.ONE);
            }
            for (int age = 0; age <= maxAgeDays; age++) {
                Optional<BigDecimal> rate = onDay(byDay.getOrDefault(day.minusDays(age), List.of()), currency);
                if (rate.isPresent()) {
                    return rate;
                }
            }
            return Optional.empty();
        }

        private Optional<BigDecimal> onDay(List<Rate> rates, String currency) {
            Map<String, BigDecimal> perBase = new HashMap<>();
            for (Rate rate : rates) {
                if (rate.base().equals(currency) && rate.quote().equals(reportingCurrency)) {
                    return Optional.of(rate.rate());
                }
                if (rate.base().equals(reportingCurrency) && rate.quote().equals(currency)) {
                    return Optional.of(BigDecimal.ONE.divide(rate.rate(), MathContext.DECIMAL64));
                }
            }
            for (Rate rate : rates) {
                if (rate.quote().equals(currency) || rate.quote().equals(reportingCurrency)) {
                    perBase.merge(rate.base() + '>' + rate.quote(), rate.rate(), (a, b) -> a);
                }
            }
            for (Rate rate : rates) {
                BigDecimal toCurrency = perBase.get(rate.base() + '>' + currency);
                BigDecimal toReporting = perBase.get(rate.base() + '>' + reportingCurrency);
                if (toCurrency != null && toReporting != null) {
                    return Optional.of(toReporting.divide(toCurrency, MathContext.DECIMAL64));
                }
            }
            return Optional.empty();
        }
    }

    private void installTemplate() {
        SingleIndexTemplate.install(client, INDEX, m -> m
                .properties("key", p -> p.keyword(k -> k))
                .properties("date", p -> p.keyword(k -> k))
                .properties("base", p -> p.keyword(k -> k))
                .properties("quote", p -> p.keyword(k -> k)));
    }
}
