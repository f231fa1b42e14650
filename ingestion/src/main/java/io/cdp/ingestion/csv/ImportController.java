package io.cdp.ingestion.csv;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Admin CSV upload: {@code text/csv} body, streamed, answered with the import report. */
@RestController
class ImportController {

    private final CsvImporter importer;

    ImportController(CsvImporter importer) {
        this.importer = importer;
    }

    @PostMapping("/api/admin/import/{kind:contacts|orders}")
    ImportReport importCsv(@PathVariable String kind, @RequestParam("source") String sourceId, InputStream body)
            throws IOException {
        try (InputStreamReader reader = new InputStreamReader(body, StandardCharsets.UTF_8)) {
            return importer.importCsv(CsvImporter.Kind.valueOf(kind.toUpperCase(Locale.ROOT)), reader, sourceId, -1,
                    (done, total, rate) -> { });
        }
    }
}
