package io.cdp.reporting.web;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import lombok.RequiredArgsConstructor;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.cdp.platform.InvalidValueException;
import io.cdp.platform.web.InvalidRequestException;
import io.cdp.reporting.KpiDefinition;
import io.cdp.reporting.KpiQuery;
import io.cdp.reporting.KpiReport;
import io.cdp.reporting.Kpis;
import io.cdp.reporting.RetentionTable;

/**
 * {@code GET /api/kpis?from=&to=&interval=&groupBy=&attribution=&membership=&segment=}: the KPI report as JSON, or as
 * CSV with {@code format=csv} or {@code Accept: text/csv} (one row per scope: the period, the previous period, each
 * bucket, each group; one column per KPI).
 */
@RestController
@RequestMapping("/api/kpis")
@RequiredArgsConstructor
class KpiController {

    static final MediaType TEXT_CSV = MediaType.parseMediaType("text/csv");

    private final Kpis kpis;

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> report(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String interval, @RequestParam(required = false) String groupBy,
            @RequestParam(required = false) String attribution, @RequestParam(required = false) String membership,
            @RequestParam(required = false) String segment, @RequestParam(required = false) String format) {
        if (format != null && !format.equals("json") && !format.equals("csv")) {
            throw new InvalidRequestException("format", "oneOf", "format must be json or csv");
        }
        KpiReport report = kpis.report(query(from, to, interval, groupBy, attribution, membership, segment));
        return "csv".equals(format) ? csv(report) : ResponseEntity.ok(report);
    }

    @GetMapping(produces = "text/csv")
    ResponseEntity<String> reportCsv(@RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String interval,
            @RequestParam(required = false) String groupBy, @RequestParam(required = false) String attribution,
            @RequestParam(required = false) String membership, @RequestParam(required = false) String segment) {
        return csv(kpis.report(query(from, to, interval, groupBy, attribution, membership, segment)));
    }

    /** Retention by monthly cohort of first order over {@code [from, to)}. */
    @GetMapping(path = "/retention", produces = MediaType.APPLICATION_JSON_VALUE)
    RetentionTable retention(@RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        return kpis.retention(query(from, to, "month", null, null, null, null));
    }

    /** A refused parameter is a 400 problem naming its field and rule. */
    private static KpiQuery query(String from, String to, String interval, String groupBy, String attribution,
            String membership, String segment) {
        try {
            return KpiQuery.of(from, to, interval, groupBy, attribution, membership).onlySegment(segment);
        } catch (InvalidValueException e) {
            throw new InvalidRequestException(e.field(), e.rule(), e.getMessage());
        }
    }

    private static ResponseEntity<String> csv(KpiReport report) {
        List<String> header = new ArrayList<>(List.of("scope", "key", "from", "to"));
        report.definitions().stream().map(KpiDefinition::id).forEach(header::add);
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get())) {
            printer.printRecord(header);
            row(printer, report, "period", "", report.totals());
            row(printer, report, "previous", "", report.previous());
            for (KpiReport.Values bucket : report.series()) {
                row(printer, report, "bucket", "", bucket);
            }
            for (KpiReport.Group group : report.groups()) {
                List<Object> cells = new ArrayList<>(List.of("group", group.key(), report.query().from(),
                        report.query().to()));
                cells.addAll(cells(report, group.values()));
                printer.printRecord(cells);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ResponseEntity.ok().contentType(TEXT_CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"kpis.csv\"").body(out.toString());
    }

    private static void row(CSVPrinter printer, KpiReport report, String scope, String key, KpiReport.Values values)
            throws IOException {
        List<Object> cells = new ArrayList<>(List.of(scope, key, values.from(), values.to()));
        cells.addAll(cells(report, values.values()));
        printer.printRecord(cells);
    }

    /** Undefined values are empty cells; numbers are plain (no exponent). */
    private static List<String> cells(KpiReport report, Map<String, BigDecimal> values) {
        return report.definitions().stream().map(d -> values.get(d.id()))
                .map(v -> v == null ? "" : v.toPlainString()).toList();
    }
}
