package io.cdp.ingestion.csv;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Currency;
import java.util.Locale;

import lombok.RequiredArgsConstructor;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin CSV upload: {@code text/csv} body, answered with the import report. The options are the
 * CLI's: {@code zone}, {@code currency}, {@code timestamp-format}, {@code mapping} (a preset).
 */
@RestController
@RequiredArgsConstructor
class ImportController {

    private final CsvImporter importer;
    private final ProductCostImporter costs;

    @PostMapping("/api/admin/import/{kind:contacts|orders}")
    ImportReport importCsv(@PathVariable String kind, @RequestParam("source") String sourceId,
                           @RequestParam(name = "zone", required = false) String zone,
                           @RequestParam(name = "currency", required = false) String currency,
                           @RequestParam(name = "timestamp-format", required = false) String timestampFormat,
                           @RequestParam(name = "mapping", required = false) String mapping,
                           InputStream body) throws IOException {
        ImportRequest request = ImportRequest.of(CsvImporter.Kind.valueOf(kind.toUpperCase(Locale.ROOT)), sourceId,
                zone, currency, timestampFormat, mapping);
        return run(request, body);
    }

    /** Daily exchange rates, {@code date,base,quote,rate}, into the reporting currency's table. */
    @PostMapping("/api/admin/import/rates")
    ImportReport importRates(InputStream body) throws IOException {
        return run(ImportRequest.of(CsvImporter.Kind.RATES, null, null, null, null, null), body);
    }

    /**
     * Unit costs of products, {@code product_id,cost,currency[,valid_from]}, for order lines without their own cost;
     * {@code currency} for rows without one.
     */
    @PostMapping("/api/admin/import/costs")
    ImportReport importCosts(@RequestParam(name = "currency", required = false) String currency, InputStream body)
            throws IOException {
        String code = ImportRequest.currency(currency);
        try (InputStreamReader reader = new InputStreamReader(body, StandardCharsets.UTF_8)) {
            return costs.importCsv(reader, code == null ? null : Currency.getInstance(code), -1, (done, total, rate) -> { });
        }
    }

    private ImportReport run(ImportRequest request, InputStream body) throws IOException {
        try (InputStreamReader reader = new InputStreamReader(body, StandardCharsets.UTF_8)) {
            return importer.importCsv(request, reader, -1, (done, total, rate) -> { });
        }
    }
}
