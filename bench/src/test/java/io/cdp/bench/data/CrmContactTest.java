package io.cdp.bench.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class CrmContactTest {

    @Test
    void writesAHeaderAndQuotesValuesThatNeedIt() throws IOException {
        String csv = CrmContact.toCsv(List.of(
                new CrmContact("crm-1", "ada@example.com", "+447700900001", "Ada", "Adams"),
                new CrmContact("crm-2", "  BEN@EXAMPLE.ORG ", null, "Ben", "Baker, Jr.")));

        assertThat(csv).startsWith("crm_id,email,phone,first_name,last_name\r\n");
        List<CSVRecord> rows = CSVParser.parse(new StringReader(csv),
                CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()).getRecords();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).get("last_name")).isEqualTo("Baker, Jr.");
        assertThat(rows.get(1).get("email")).isEqualTo("  BEN@EXAMPLE.ORG ");
        assertThat(rows.get(1).get("phone")).isEmpty();
    }
}
