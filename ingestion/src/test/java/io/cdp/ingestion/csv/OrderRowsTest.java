package io.cdp.ingestion.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class OrderRowsTest {

    private static final String HEADER = "order_id,email,timestamp,product_id,quantity,price,currency,country";

    private static OrderRows read(ImportRequest request, List<String> lines) {
        OrderRows rows = new OrderRows(request);
        try (CSVParser parser = CSVParser.parse(new StringReader(String.join("\n", lines)),
                CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get())) {
            for (CSVRecord record : parser) {
                rows.add(record.getRecordNumber() + 1, request.mapping().apply(record.toMap()));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return rows;
    }

    private static OrderRows read(List<String> lines) {
        return read(new ImportRequest(CsvImporter.Kind.ORDERS, "pos", null, null, null, null), lines);
    }

    private static BigDecimal sum(List<OrderRows.Line> lines) {
        return lines.stream().map(OrderRows.Line::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @Test
    void rowsOfOneOrderAnywhereInTheFileFormOneOrderWithItsLinesWhateverTheRowOrder() {
        List<String> rows = List.of(
                "536365,a@example.com,2010-12-01T08:26:00Z,85123A,6,2.55,GBP,United Kingdom",
                "536366,b@example.com,2010-12-01T08:28:00Z,22633,6,1.85,GBP,France",
                "536365,a@example.com,2010-12-01T08:26:00Z,71053,6,3.39,GBP,United Kingdom",
                "536365,a@example.com,2010-12-01T08:26:00Z,84406B,8,2.75,GBP,United Kingdom");
        List<String> file = new ArrayList<>(List.of(HEADER));
        file.addAll(rows);
        List<String> reversed = new ArrayList<>(rows);
        Collections.reverse(reversed);
        reversed.add(0, HEADER);

        Map<String, OrderRows.Order> orders = read(file).orders().stream()
                .collect(Collectors.toMap(OrderRows.Order::orderId, Function.identity()));
        Map<String, OrderRows.Order> again = read(reversed).orders().stream()
                .collect(Collectors.toMap(OrderRows.Order::orderId, Function.identity()));

        assertThat(orders).hasSize(2);
        OrderRows.Order order = orders.get("536365");
        assertThat(order.rows()).containsExactly(2L, 4L, 5L);
        assertThat(order.lines()).hasSize(3);
        assertThat(sum(order.lines())).isEqualByComparingTo("57.64");
        assertThat(order.currency()).isEqualTo("GBP");
        assertThat(order.properties()).containsEntry("country", "United Kingdom");
        assertThat(again.get("536365").lines()).extracting(OrderRows.Line::lineId)
                .containsExactlyInAnyOrderElementsOf(order.lines().stream().map(OrderRows.Line::lineId).toList());
    }

    @Test
    void identicalLinesOfAnOrderKeepTwoIdentities() {
        OrderRows.Order order = read(List.of(HEADER,
                "1,a@example.com,2010-12-01T08:26:00Z,P1,1,2.00,GBP,UK",
                "1,a@example.com,2010-12-01T08:26:00Z,P1,1,2.00,GBP,UK")).orders().get(0);

        assertThat(order.lines()).extracting(OrderRows.Line::lineId).doesNotHaveDuplicates().hasSize(2);
        assertThat(sum(order.lines())).isEqualByComparingTo("4.00");
    }

    @Test
    void negativeQuantitiesCancelledInvoicesAndRefundStatusesBecomeRefundsWithPositiveAmounts() {
        ImportRequest request = new ImportRequest(CsvImporter.Kind.ORDERS, "pos", null, "GBP", null,
                ColumnMapping.preset("pos-lines"));
        Map<String, OrderRows.Order> orders = read(request, List.of(
                "Invoice,StockCode,Quantity,InvoiceDate,Price,Customer ID,Country",
                "536365,85123A,6,2010-12-01 08:26:00,2.55,17850,United Kingdom",
                "536365,71053,-2,2010-12-01 08:26:00,3.39,17850,United Kingdom",
                "C536379,D,-1,2010-12-01 09:41:00,27.50,14527,United Kingdom")).orders().stream()
                .collect(Collectors.toMap(OrderRows.Order::orderId, Function.identity()));
        OrderRows.Order withReturn = orders.get("536365");
        assertThat(sum(withReturn.lines())).isEqualByComparingTo("15.30");
        assertThat(withReturn.refunds()).singleElement()
                .satisfies(line -> assertThat(line.amount()).isEqualByComparingTo("6.78"));
        OrderRows.Order cancellation = orders.get("C536379");
        assertThat(cancellation.lines()).isEmpty();
        assertThat(sum(cancellation.refunds())).isEqualByComparingTo("27.50");
        assertThat(withReturn.traits()).containsEntry("country", "United Kingdom");

        OrderRows.Order cancelled = read(List.of("order_id,email,timestamp,sku,price,status,currency",
                "9,a@example.com,2024-01-01T10:00:00Z,S1,10,cancelled,EUR",
                "9,a@example.com,2024-01-01T10:00:00Z,S2,5,cancelled,EUR")).orders().get(0);
        assertThat(sum(cancelled.lines())).isEqualByComparingTo("15");
        assertThat(sum(cancelled.refunds())).isEqualByComparingTo("15");
    }

    @Test
    void anOrderIdOfAnotherCustomerInTheSameFileIsARowErrorThatSaysSo() {
        OrderRows rows = read(List.of(HEADER,
                "7,a@example.com,2010-12-01T08:26:00Z,P1,1,2.00,GBP,UK",
                "7,b@example.com,2010-12-01T08:26:00Z,P2,1,3.00,GBP,UK"));

        assertThat(rows.orders()).singleElement().satisfies(order -> assertThat(order.rows()).containsExactly(2L));
        assertThat(rows.errors()).containsExactly(new ImportReport.RowError(3, "email",
                "order 7 belongs to a different customer (row 2)", "order-customer"));
    }

    @Test
    void anOrderBuiltAgainFromAnEarlierClaimKeepsTheClaimsCustomerAndRejectsOnlyTheRowsOfAnother() {
        OrderRows rows = read(List.of("order_id,email,user_id,timestamp,product_id,quantity,price,currency",
                "7,a@example.com,,2010-12-01T08:26:00Z,P1,1,2.00,GBP",
                "7,,u-1,2010-12-01T08:26:00Z,P2,1,3.00,GBP",
                "7,b@example.com,,2010-12-01T08:26:00Z,P3,1,4.00,GBP",
                "8,c@example.com,,2010-12-01T08:26:00Z,P4,1,5.00,GBP"));
        assertThat(rows.orders()).hasSize(2);
        assertThat(rows.errors()).extracting(ImportReport.RowError::row).containsExactly(4L);

        // order 7 was claimed for u-1 with b@example.com: the row of a@example.com is the other customer's
        List<OrderRows.Order> again = rows.rebuilt(Map.of("7", Map.of("user_id", "u-1", "email", "b@example.com")));

        assertThat(again).singleElement().satisfies(order -> {
            assertThat(order.rows()).containsExactly(3L, 4L);
            assertThat(order.customer()).containsEntry("user_id", "u-1").containsEntry("email", "b@example.com");
        });
        assertThat(rows.errors()).containsExactly(new ImportReport.RowError(2, "email",
                "order 7 belongs to a different customer (an earlier import)", "order-customer"));
    }

    @Test
    void naiveDateTimesAreReadInTheImportZoneAndAnUnknownFormatNamesTheFormatExpected() {
        ImportRequest london = ImportRequest.of(CsvImporter.Kind.ORDERS, "pos", "Europe/London", "GBP", null, null);
        List<String> file = List.of("order_id,email,timestamp,price",
                "1,a@example.com,2010-12-01 08:28:00,1",
                "2,a@example.com,2010-12-01T08:34:00,1",
                "3,a@example.com,2010-07-01 08:34,1",
                "4,a@example.com,2025-10-07 09:50:26 +0200,1",
                "5,a@example.com,01/12/2010 08:26,1");
        OrderRows rows = read(london, file);

        assertThat(rows.orders()).extracting(OrderRows.Order::at).containsExactly(
                Instant.parse("2010-12-01T08:28:00Z"), Instant.parse("2010-12-01T08:34:00Z"),
                Instant.parse("2010-07-01T07:34:00Z"), Instant.parse("2025-10-07T07:50:26Z"));
        assertThat(rows.errors()).singleElement().satisfies(error -> {
            assertThat(error.row()).isEqualTo(6);
            assertThat(error.field()).isEqualTo("timestamp");
            assertThat(error.reason()).contains("yyyy-MM-dd").contains("timestamp-format").contains("Europe/London");
        });

        ImportRequest dayFirst = ImportRequest.of(CsvImporter.Kind.ORDERS, "pos", "Europe/Berlin", "EUR",
                "dd/MM/yyyy HH:mm", null);
        assertThat(read(dayFirst, List.of("order_id,email,timestamp,price", "5,a@example.com,01/12/2010 08:26,1"))
                .orders()).singleElement().extracting(OrderRows.Order::at)
                .isEqualTo(Instant.parse("2010-12-01T07:26:00Z"));
        OrderRows wrongFormat = read(dayFirst, List.of("order_id,email,timestamp,price", "5,a@example.com,2010-12-01,1"));
        assertThat(wrongFormat.orders()).isEmpty();
        assertThat(wrongFormat.errors()).singleElement().extracting(ImportReport.RowError::reason).asString()
                .contains("the timestamp-format dd/MM/yyyy HH:mm");
    }

    @Test
    void anOrderWithoutACurrencyColumnTakesTheImportCurrencyAndWithoutOneItIsARowError() {
        List<String> file = List.of("order_id,email,timestamp,price", "1,a@example.com,2024-01-01,10");

        OrderRows rows = read(file);
        assertThat(rows.orders()).isEmpty();
        assertThat(rows.errors()).containsExactly(new ImportReport.RowError(2, "currency",
                "an order needs a currency column or the import's currency option", "required"));
        assertThat(read(ImportRequest.of(CsvImporter.Kind.ORDERS, "pos", null, "eur", null, null), file).orders())
                .singleElement().extracting(OrderRows.Order::currency).isEqualTo("EUR");
    }

    @Test
    void importOptionsThatCannotBeUsedAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> ImportRequest.of(CsvImporter.Kind.ORDERS, "pos", "Mars/Olympus", null, null, null))
                .isInstanceOfSatisfying(InvalidImportOptionException.class,
                        e -> assertThat(e.getBody().getProperties()).containsEntry("field", "zone"));
        assertThatThrownBy(() -> ImportRequest.of(CsvImporter.Kind.ORDERS, "pos", null, "euro", null, null))
                .isInstanceOfSatisfying(InvalidImportOptionException.class,
                        e -> assertThat(e.getBody().getProperties()).containsEntry("field", "currency"));
        assertThatThrownBy(() -> ImportRequest.of(CsvImporter.Kind.ORDERS, "pos", null, null, "yyyy-MM-dd {", null))
                .isInstanceOfSatisfying(InvalidImportOptionException.class,
                        e -> assertThat(e.getBody().getProperties()).containsEntry("field", "timestamp-format"));
        assertThatThrownBy(() -> ImportRequest.of(CsvImporter.Kind.ORDERS, "pos", null, null, null, "magento"))
                .isInstanceOfSatisfying(InvalidImportOptionException.class,
                        e -> assertThat(e.getBody().getProperties()).containsEntry("field", "mapping"));
        assertThat(ImportRequest.of(CsvImporter.Kind.ORDERS, "pos", "+01:00", null, null, null).zone())
                .isEqualTo(ZoneId.of("+01:00"));
    }
}
