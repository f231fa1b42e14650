package io.cdp.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.cdp.ingestion.csv.ColumnMapping;
import io.cdp.ingestion.csv.CsvImporter;
import io.cdp.ingestion.csv.ImportReport;
import io.cdp.ingestion.csv.ImportRequest;
import io.cdp.ingestion.source.SourceStore;
import io.cdp.profile.ProfileSnapshot;
import io.cdp.profile.Profiles;

/**
 * A seeded line-level orders file, shuffled, imported in two parts through one source and then whole
 * again through a second source (the e-receipts of the same orders), after an ECB-style rates file:
 * every customer's profile must hold what an oracle computes from the rows (orders, refunds, revenue
 * in USD and in each order currency, first and last order, the country column as a trait), and the
 * rows of order ids reused for another customer or in a currency without a rate must be reported,
 * not counted.
 */
@SpringBootTest(classes = ImportToProfilesApplication.class)
class OrderImportOracleIT extends ProfileStoreItSupport {

    private static final String RUN = "o" + UUID.randomUUID().toString().substring(0, 6);

    @DynamicPropertySource
    static void profileStore(DynamicPropertyRegistry registry) {
        ownProfileStore(registry, RUN);
    }

    @Autowired
    CsvImporter importer;

    @Autowired
    SourceStore sources;

    @Autowired
    Profiles profiles;

    @AfterAll
    static void deleteIndices() throws IOException {
        deleteProfileIndices(RUN);
    }

    private ImportReport importRows(String source, List<GeneratedOrders.Row> rows) {
        return importRows(source, rows, new ArrayList<>());
    }

    /** Imports the rows and adds every progress update's rows done to {@code progress}. */
    private ImportReport importRows(String source, List<GeneratedOrders.Row> rows, List<Long> progress) {
        ImportRequest request = new ImportRequest(CsvImporter.Kind.ORDERS, source, GeneratedOrders.ZONE, null, null,
                ColumnMapping.read(new StringReader(GeneratedOrders.MAPPING)));
        return importer.importCsv(request, new StringReader(GeneratedOrders.csv(rows)), rows.size(),
                (done, total, rate) -> progress.add(done));
    }

    @Test
    void everyProfileHoldsWhatTheFileSaysWhateverTheRowOrderTheSplitAndTheSourceItCameThrough() throws Exception {
        String pos = RUN + "-pos";
        String receipts = RUN + "-receipts";
        sources.create(pos, "Stores");
        sources.create(receipts, "E-receipts");
        GeneratedOrders file = new GeneratedOrders(20_261_206L, RUN, 30, 150);
        List<GeneratedOrders.Row> first = file.rows.subList(0, file.rows.size() * 3 / 5);
        List<GeneratedOrders.Row> second = file.rows.subList(first.size(), file.rows.size());
        List<GeneratedOrders.Row> reordered = new ArrayList<>(file.rows);
        java.util.Collections.reverse(reordered);
        List<GeneratedOrders.Row> importOrder = new ArrayList<>(file.rows);
        importOrder.addAll(reordered);
        Map<String, GeneratedOrders.Expected> expected = file.oracle(importOrder);

        ImportReport rates = importer.importCsv(new ImportRequest(CsvImporter.Kind.RATES, null, null, null, null, null),
                new StringReader(file.ratesCsv()), -1, (done, total, rate) -> { });
        assertThat(rates.rejected()).isZero();
        ImportReport firstReport = importRows(pos, first);
        ImportReport secondReport = importRows(pos, second);
        List<Long> progress = new ArrayList<>();
        ImportReport again = importRows(receipts, reordered, progress);

        long foreign = file.foreignRows(file.rows, true);
        long withoutRate = file.rowsWithoutRate(file.rows);
        long foreignWithoutRate = file.foreignRows(reordered, false);
        assertThat(foreign).isPositive();
        assertThat(withoutRate).isPositive();
        assertThat(firstReport.rejected() + secondReport.rejected()).isEqualTo(foreign + withoutRate);
        assertThat(again.rejected()).isEqualTo(foreign + withoutRate);
        assertThat(again.errors()).filteredOn(error -> error.rule().equals("order-customer"))
                .hasSize((int) (foreign + foreignWithoutRate))
                .allSatisfy(error -> assertThat(error.reason()).contains("belongs to a different customer"));
        assertThat(again.errors()).filteredOn(error -> error.rule().equals("exchange-rate"))
                .hasSize((int) (withoutRate - foreignWithoutRate))
                .allSatisfy(error -> assertThat(error.reason()).contains("no exchange rate from JPY to the reporting currency USD"));
        // grouping and claiming show as half the work (rows refused there as done), before an order is published
        assertThat(progress.get(0)).isBetween(reordered.size() / 2L, reordered.size() - 1L);
        assertThat(progress).isSorted().last().isEqualTo((long) reordered.size());
        assertThat(again.orders()).isEqualTo(expected.values().stream().mapToLong(GeneratedOrders.Expected::orders).sum());
        assertThat(again.profiles()).isEqualTo(expected.size());
        assertThat(again.earliest()).isEqualTo(expected.values().stream().map(GeneratedOrders.Expected::firstOrderAt)
                .filter(java.util.Objects::nonNull).min(java.util.Comparator.naturalOrder()).orElseThrow());

        Map<String, GeneratedOrders.Expected> actual = awaitProfiles(expected);
        assertThat(actual).isEqualTo(normalized(expected));
    }

    /** Reads every expected customer's profile (revenue to 6 places) until they all match or a minute has passed. */
    private Map<String, GeneratedOrders.Expected> awaitProfiles(Map<String, GeneratedOrders.Expected> expected)
            throws InterruptedException {
        Map<String, GeneratedOrders.Expected> wanted = normalized(expected);
        Map<String, GeneratedOrders.Expected> actual = Map.of();
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            actual = new TreeMap<>();
            for (String customer : expected.keySet()) {
                Optional<ProfileSnapshot> profile = profiles.findByIdentifier("userId", customer);
                if (profile.isPresent()) {
                    actual.put(customer, observed(profile.get()));
                }
            }
            if (actual.equals(wanted)) {
                break;
            }
            Thread.sleep(500);
        }
        return actual;
    }

    private static GeneratedOrders.Expected observed(ProfileSnapshot profile) {
        ProfileSnapshot.Commerce commerce = profile.commerce();
        return new GeneratedOrders.Expected(commerce.orders(), commerce.refunds(),
                commerce.revenue().setScale(6, java.math.RoundingMode.HALF_UP), plain(commerce.revenueByCurrency()),
                commerce.firstOrderAt(), commerce.lastOrderAt(), String.valueOf(profile.traits().get("country")));
    }

    private static Map<String, GeneratedOrders.Expected> normalized(Map<String, GeneratedOrders.Expected> profiles) {
        Map<String, GeneratedOrders.Expected> normalized = new TreeMap<>();
        profiles.forEach((customer, p) -> normalized.put(customer, new GeneratedOrders.Expected(p.orders(), p.refunds(),
                p.revenue().setScale(6, java.math.RoundingMode.HALF_UP), plain(p.revenueByCurrency()), p.firstOrderAt(), p.lastOrderAt(), p.country())));
        return normalized;
    }

    private static Map<String, BigDecimal> plain(Map<String, BigDecimal> amounts) {
        Map<String, BigDecimal> plain = new TreeMap<>();
        amounts.forEach((currency, amount) -> plain.put(currency, amount.stripTrailingZeros()));
        return plain;
    }
}
