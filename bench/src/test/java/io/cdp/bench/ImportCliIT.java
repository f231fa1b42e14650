package io.cdp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import io.cdp.bench.http.ElasticsearchHttp;
import io.cdp.bench.http.PlatformClient;
import io.cdp.bench.report.ProfileCensus;
import io.cdp.bench.stack.BenchStack;

/**
 * The README's {@code ./cdp import} commands as a user runs them, from the directory of their
 * files, next to a running {@code ./cdp start} on the same data directory and ports: each import
 * JVM writes to the platform's Kafka and Elasticsearch, states that it runs no consumer, timer or
 * job of its own, shows its progress and a summary naming every rejected row, and exits with the
 * documented code; the running platform's consumers turn what it wrote into profiles, orders and revenue.
 */
class ImportCliIT {

    private static final Duration IMPORT_PATIENCE = Duration.ofMinutes(3);
    private static final String ONLY_WRITES =
            "this JVM runs no Kafka consumer, no scheduled task and no background job";
    private static final int CUSTOMERS = 10;
    private static final int ORDERS = 30;
    private static final int CONTACTS = 15;
    /** US dollars to one euro on the orders' day: the platform reports in USD, the orders are in EUR. */
    private static final BigDecimal EUR_IN_USD = new BigDecimal("1.08");

    private CdpScript cdp;
    private Path files;

    @BeforeEach
    void temporaryDataDirectoryAndFreePorts() throws IOException {
        cdp = new CdpScript("cdp-import-it");
        files = Files.createDirectories(cdp.dataDir().resolveSibling(cdp.dataDir().getFileName() + "-files"));
    }

    @AfterEach
    void stopThePlatformAndDeleteTheData() throws InterruptedException {
        cdp.close();
        BenchStack.deleteDirectory(files);
    }

    @Test
    void importsRatesOrdersContactsSpendAndCostsIntoTheRunningPlatformWithProgressSummaryAndExitCodes()
            throws Exception {
        BigDecimal revenue = writeOrders();
        writeRates();
        writeShopifyExport();
        writeContacts();
        writeSpend();
        writeCosts();
        cdp.start();
        PlatformClient admin = cdp.awaitUp();
        admin.createSource("crm");

        CdpScript.Result rates = cdp.run(files, IMPORT_PATIENCE, "import", "rates", "rates.csv");
        assertThat(rates.exitCode()).as(rates.output()).isEqualTo(2);
        assertThat(rates.output()).contains(ONLY_WRITES).contains("""
                imported exchange rates
                  rows      2
                  accepted  1
                  rejected  1
                rejected rows (row: field: rule: reason):
                  row 3: rate: positive: rate must be a positive number
                """);

        CdpScript.Result orders = cdp.run(files, IMPORT_PATIENCE, "import", "orders", "orders.csv");
        assertThat(orders.exitCode()).as(orders.output()).isEqualTo(2);
        assertThat(orders.output()).contains(ONLY_WRITES)
                .contains("created source csv-import for imports without --source")
                .contains("import orders 100%  32/32 rows")
                .contains("""
                        imported orders into source csv-import (the default; --source S picks another)
                          rows      32
                          accepted  30
                          rejected  2
                          orders    30
                          lines     30
                          refunds   0
                          profiles  10
                          orders from 2026-11-01T10:00:00Z to 2026-11-01T10:00:00Z
                        time windows of segments, personas and stages:
                        """)
                // the shipped journey stage "service" looks at the last order of the last 30 days
                .contains("  Stage 'Service: ordered in the last 30 days': last order within the last 30 days: the"
                        + " latest imported order of ")
                .contains("""
                        rejected rows (row: field: rule: reason):
                          row 32: revenue: number: revenue must be a number
                          row 33: order_id: required: an order needs an order_id
                        """);

        CdpScript.Result contacts = cdp.run(files, IMPORT_PATIENCE, "import", "contacts", "contacts.csv",
                "--source", "crm");
        assertThat(contacts.exitCode()).as(contacts.output()).isEqualTo(2);
        assertThat(contacts.output()).contains(ONLY_WRITES).contains("import contacts 100%  16/16 rows")
                .contains("""
                        imported contacts into source crm
                          rows      16
                          accepted  15
                          rejected  1
                          profiles  15
                        rejected rows (row: field: rule: reason):
                          row 17: user_id: required: a contact needs one of userId, email, phone, crm_id, loyalty_card
                        """);

        // the running platform's consumers made profiles of what the import JVMs wrote
        ElasticsearchHttp elasticsearch = cdp.elasticsearch();
        assertThat(elasticsearch.awaitCount(Demo.EVENTS_INDICES, ORDERS + CONTACTS, Duration.ofMinutes(1), c -> { }))
                .isEqualTo(ORDERS + CONTACTS);
        ProfileCensus census = new ProfileCensus();
        elasticsearch.refresh(Demo.PROFILES_INDEX);
        elasticsearch.scan(Demo.PROFILES_INDEX, Map.of("match_all", Map.of()), List.of("*"),
                hit -> census.add(hit.path("_source")));
        // one person per email: the contacts of the order customers joined their profiles
        assertThat(census.profiles()).isEqualTo(CONTACTS);
        assertThat(census.orders()).isEqualTo(ORDERS);
        // in the reporting currency, at the imported rate of the orders' day
        assertThat(census.revenue()).isEqualByComparingTo(revenue.multiply(EUR_IN_USD));

        // the README's import of a Shopify orders export through its preset: one order of two lines
        CdpScript.Result shopify = cdp.run(files, IMPORT_PATIENCE, "import", "orders", "export.csv",
                "--mapping", "shopify-orders", "--zone", "Europe/Madrid");
        assertThat(shopify.exitCode()).as(shopify.output()).isEqualTo(0);
        assertThat(shopify.output()).contains(ONLY_WRITES).contains("""
                  rows      2
                  accepted  2
                  rejected  0
                  orders    1
                  lines     2
                  refunds   0
                  profiles  1
                  orders from 2026-11-01T10:00:00Z to 2026-11-01T10:00:00Z
                """);

        CdpScript.Result spend = cdp.run(files, IMPORT_PATIENCE, "import", "spend", "spend.csv");
        assertThat(spend.exitCode()).as(spend.output()).isEqualTo(2);
        assertThat(spend.output()).contains(ONLY_WRITES).contains("import spend 100%  9/9 rows").contains("""
                  rows      9
                  stored    6
                  rejected  3
                rejected rows (row: field: rule: reason):
                  row 8: date: date: date must be yyyy-MM-dd
                  row 9: cost: non-negative: cost must not be negative
                  row 10: currency: required: currency is required (a column or --currency)
                """);
        assertThat(elasticsearch.count("cdp-spend")).isEqualTo(6);

        // the README's re-import with a default currency: the rows of the first run are replaced, not added
        CdpScript.Result again = cdp.run(files, IMPORT_PATIENCE, "import", "spend", "spend.csv", "--currency", "EUR");
        assertThat(again.exitCode()).as(again.output()).isEqualTo(2);
        assertThat(again.output()).contains("  stored    7\n  rejected  2\n");
        assertThat(elasticsearch.count("cdp-spend")).isEqualTo(7);
        assertThat(elasticsearch.search("cdp-spend", Map.of("size", 0, "aggs", Map.of("cost",
                Map.of("sum", Map.of("field", "costMicros"))))).path("aggregations").path("cost").path("value")
                .asDouble()).isEqualTo(6 * 12_340_000 + 1_500_000);

        CdpScript.Result costs = cdp.run(files, IMPORT_PATIENCE, "import", "costs", "costs.csv");
        assertThat(costs.exitCode()).as(costs.output()).isEqualTo(2);
        assertThat(costs.output()).contains(ONLY_WRITES).contains("import costs 100%  4/4 rows").contains("""
                  rows      4
                  stored    2
                  rejected  2
                """).contains("""
                rejected rows (row: field: rule: reason):
                  row 4: product_id: required: product_id is required
                  row 5: currency: exchange-rate: no exchange rate from EUR to the reporting currency USD on \
                2026-10-01 or the days before within the rates' maximum age: import rates first
                """);
        assertThat(elasticsearch.count("cdp-product-costs")).isEqualTo(2);

        // an order imported afterwards whose lines carry no cost: the platform costs them from the file, the mug
        // at 4.00 EUR from the 1st at that day's rate, the teapot at 10.50 USD
        CdpScript.Result lines = cdp.run(files, IMPORT_PATIENCE, "import", "orders", "lines.csv");
        assertThat(lines.exitCode()).as(lines.output()).isEqualTo(0);
        assertThat(elasticsearch.awaitCount(Demo.EVENTS_INDICES, ORDERS + CONTACTS + 2, Duration.ofMinutes(1),
                c -> { })).isEqualTo(ORDERS + CONTACTS + 2);
        JsonNode kpi = elasticsearch.search(Demo.EVENTS_INDICES, Map.of("query", Map.of("term",
                Map.of("kpi.productIds", "TEA-1")))).path("hits").path("hits").path(0).path("_source").path("kpi");
        assertThat(kpi.path("costMicros").asLong()).as(kpi.toString())
                .isEqualTo(new BigDecimal("4.00").multiply(EUR_IN_USD).multiply(BigDecimal.valueOf(2))
                        .add(new BigDecimal("10.50")).movePointRight(6).longValueExact());
        assertThat(kpi.path("costedMicros").asLong()).isEqualTo(new BigDecimal("49.00").multiply(EUR_IN_USD)
                .movePointRight(6).longValueExact());

        CdpScript.Result typo = cdp.run(files, IMPORT_PATIENCE, "import", "orders", "orders.csv", "--sorce", "crm");
        assertThat(typo.exitCode()).isEqualTo(64);
        assertThat(typo.output()).contains("import: unknown option --sorce").contains("usage: ./cdp import");
    }

    /** 30 orders of 10 customers known by email, then two broken rows; returns the revenue of the good ones. */
    private BigDecimal writeOrders() throws IOException {
        List<String> lines = new ArrayList<>(List.of("order_id,email,timestamp,revenue,currency"));
        BigDecimal revenue = BigDecimal.ZERO;
        for (int i = 1; i <= ORDERS; i++) {
            BigDecimal amount = new BigDecimal("10.25").add(BigDecimal.valueOf(i));
            revenue = revenue.add(amount);
            lines.add("o-" + i + ",c" + i % CUSTOMERS + "@example.com,2026-11-01T10:00:00Z," + amount + ",EUR");
        }
        lines.add("o-bad,c1@example.com,2026-11-02T10:00:00Z,ten,EUR");
        lines.add(",c2@example.com,2026-11-02T10:00:00Z,5.00,EUR");
        Files.write(files.resolve("orders.csv"), lines);
        return revenue;
    }

    /** Shopify's export shape: one row per line item, order-level columns on the order's first row only. */
    private void writeShopifyExport() throws IOException {
        Files.write(files.resolve("export.csv"), List.of(
                "Name,Email,Financial Status,Currency,Total,Created at,Lineitem quantity,Lineitem name,"
                        + "Lineitem price,Lineitem sku,Billing Country",
                "#1001,shopper@example.com,paid,EUR,49.00,2026-11-01 11:00:00 +0100,2,Mug,12.00,MUG-1,ES",
                "#1001,shopper@example.com,,,,,1,Teapot,25.00,TEA-1,"));
    }

    /** The rate of the orders' day, then one that cannot be a rate. */
    private void writeRates() throws IOException {
        Files.write(files.resolve("rates.csv"), List.of("date,base,quote,rate", "2026-11-01,EUR,USD," + EUR_IN_USD,
                "2026-11-02,EUR,USD,-1"));
    }

    /** 15 contacts, the first 10 of them the order customers, then one without any identifier. */
    private void writeContacts() throws IOException {
        List<String> lines = new ArrayList<>(List.of("email,first_name,crm_id"));
        for (int i = 0; i < CONTACTS; i++) {
            lines.add("c" + i + "@example.com,Customer " + i + ",CRM-" + i);
        }
        lines.add(",Nobody,");
        Files.write(files.resolve("contacts.csv"), lines);
    }

    /**
     * Unit costs of the mug (EUR, from the day of the rate) and the teapot (USD, from the start), a row without
     * product, one whose start day has no EUR rate; then an order of both without line costs.
     */
    private void writeCosts() throws IOException {
        Files.write(files.resolve("costs.csv"), List.of("product_id,cost,currency,valid_from",
                "MUG-1,4.00,EUR,2026-11-01", "TEA-1,10.50,USD,", ",1,EUR,", "MUG-1,3.00,EUR,2026-10-01"));
        Files.write(files.resolve("lines.csv"), List.of("order_id,email,timestamp,product_id,price,quantity,currency",
                "lo-1,c1@example.com,2026-11-01T12:00:00Z,MUG-1,12.00,2,EUR",
                "lo-1,c1@example.com,2026-11-01T12:00:00Z,TEA-1,25.00,1,EUR"));
    }

    /** Three days on two channels, then a wrong date, a negative cost and a row without currency. */
    private void writeSpend() throws IOException {
        List<String> lines = new ArrayList<>(List.of("date,channel,campaign,impressions,clicks,cost,currency"));
        for (String day : List.of("2026-11-01", "2026-11-02", "2026-11-03")) {
            for (String channel : List.of("google", "meta")) {
                lines.add(day + "," + channel + ",black-friday,1000,40,12.34,EUR");
            }
        }
        lines.add("2026-11-31,google,black-friday,1000,40,12.34,EUR");
        lines.add("2026-11-04,google,black-friday,1000,40,-1,EUR");
        lines.add("2026-11-04,meta,retargeting,300,9,1.50,");
        Files.write(files.resolve("spend.csv"), lines);
    }
}
