package io.cdp.ingestion.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ColumnMappingTest {

    /** The header line of Shopify's orders export (its first 60 columns), as marketers download it. */
    private static final String SHOPIFY_HEADER = "/formats/shopify-orders-export.header.csv";

    /** A row of the real Shopify header with the given cells filled. */
    private static Map<String, String> shopifyRow(List<String> header, Map<String, String> cells) {
        Map<String, String> row = new LinkedHashMap<>();
        header.forEach(column -> row.put(column, cells.getOrDefault(column, "")));
        return row;
    }

    @Test
    void shopifyOrdersExportBecomesOneOrderWithOrderLevelColumnsFromItsFirstRowAndItsRefundedAmount()
            throws IOException {
        // newer exports append a tax block after the 60 columns of the reference header
        List<String> header = new ArrayList<>(Arrays.asList(new String(
                ColumnMappingTest.class.getResourceAsStream(SHOPIFY_HEADER).readAllBytes(), StandardCharsets.UTF_8)
                .trim().split(",")));
        header.add("Tax 1 Name");
        ImportRequest request = ImportRequest.of(CsvImporter.Kind.ORDERS, "shop", null, null, null, "shopify-orders");
        OrderRows rows = new OrderRows(request);
        rows.add(2, request.mapping().apply(shopifyRow(header, Map.ofEntries(Map.entry("Name", "#1001"),
                Map.entry("Email", "ann@example.com"), Map.entry("Financial Status", "partially_refunded"),
                Map.entry("Currency", "EUR"), Map.entry("Total", "54.90"), Map.entry("Created at",
                        "2025-10-07 09:50:26 +0200"), Map.entry("Lineitem quantity", "2"),
                Map.entry("Lineitem name", "Mug"), Map.entry("Lineitem price", "12.00"),
                Map.entry("Lineitem sku", "MUG-1"), Map.entry("Billing Country", "DE"),
                Map.entry("Billing Street", "Hauptstr. 1"), Map.entry("Refunded Amount", "12.00"),
                Map.entry("Payment Method", "Shopify Payments"), Map.entry("Tax 1 Name", "VAT 19%")))));
        rows.add(3, request.mapping().apply(shopifyRow(header, Map.of("Name", "#1001", "Email", "ann@example.com",
                "Lineitem quantity", "1", "Lineitem name", "Teapot", "Lineitem price", "25.00",
                "Lineitem sku", "TEA-1"))));

        OrderRows.Order order = rows.orders().get(0);

        assertThat(rows.errors()).isEmpty();
        assertThat(order.orderId()).isEqualTo("#1001");
        assertThat(order.rows()).containsExactly(2L, 3L);
        assertThat(order.currency()).isEqualTo("EUR");
        assertThat(order.at()).isEqualTo(Instant.parse("2025-10-07T07:50:26Z"));
        assertThat(order.total()).isEqualByComparingTo("54.90");
        assertThat(order.lines()).extracting(OrderRows.Line::amount).map(BigDecimal::toPlainString)
                .containsExactly("24.00", "25.00");
        assertThat(order.refunds()).singleElement().extracting(OrderRows.Line::amount).isEqualTo(new BigDecimal("12.00"));
        assertThat(order.traits()).containsEntry("country", "DE").doesNotContainKey("Billing Street");
        assertThat(order.properties()).containsEntry("payment_method", "Shopify Payments")
                .containsEntry("Tax 1 Name", "VAT 19%").doesNotContainKey("Billing Street");
    }

    @Test
    void contactPresetsMapCrmHeadersToIdentifiersAndTraits() {
        ColumnMapping.MappedRow hubspot = ColumnMapping.preset("hubspot-contacts").apply(Map.of("Record ID", "101",
                "Email", "ann@example.com", "First Name", "Ann", "Country/Region", "Germany", "Street Address", "x"));
        ColumnMapping.MappedRow salesforce = ColumnMapping.preset("salesforce-contacts").apply(Map.of(
                "Contact ID", "0035g00000AbCdE", "Email", "bob@example.com", "Mailing Country", "France"));

        assertThat(hubspot.fields()).isEqualTo(Map.of("crm_id", "101", "email", "ann@example.com"));
        assertThat(hubspot.traits()).isEqualTo(Map.of("first_name", "Ann", "country", "Germany"));
        assertThat(hubspot.unmapped()).isEmpty();
        assertThat(salesforce.fields()).containsEntry("crm_id", "0035g00000AbCdE");
        assertThat(salesforce.traits()).containsEntry("country", "France");
    }

    @Test
    void aMappingFileSendsColumnsToFieldsTraitsOrPropertiesAndRefusesUnknownTargets() {
        ColumnMapping mapping = ColumnMapping.read(new StringReader("""
                columns:
                  Beleg: order_id
                  Kunde: user_id
                  Land: trait.country
                  Filiale: property.store
                refunds: {statuses: [storniert], id-prefix: S}
                timestamp-format: dd.MM.yyyy HH:mm
                """));

        ColumnMapping.MappedRow row = mapping.apply(Map.of("Beleg", "1", "Kunde", "k", "Land", "AT", "Filiale", "Wien",
                "Kasse", "3"));
        assertThat(row.fields()).isEqualTo(Map.of("order_id", "1", "user_id", "k"));
        assertThat(row.traits()).isEqualTo(Map.of("country", "AT"));
        assertThat(row.properties()).isEqualTo(Map.of("store", "Wien"));
        assertThat(row.unmapped()).isEqualTo(Map.of("Kasse", "3"));
        assertThat(mapping.refunds().refundStatus("Storniert")).isTrue();
        assertThat(mapping.refunds().idPrefix()).isEqualTo("S");
        assertThat(mapping.timestampFormat()).isEqualTo("dd.MM.yyyy HH:mm");
        assertThatThrownBy(() -> ColumnMapping.read(new StringReader("columns: {Beleg: invoice}")))
                .isInstanceOfSatisfying(InvalidImportOptionException.class, e -> {
                    assertThat(e.getBody().getProperties()).containsEntry("field", "mapping");
                    assertThat(e.getBody().getDetail()).contains("not invoice");
                });
    }
}
