package io.cdp.bench.data;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** A CRM export row: the CRM's own id plus the person's contact traits. */
public record CrmContact(String crmId, String email, String phone, String firstName, String lastName) {

    static final String[] HEADER = {"crm_id", "email", "phone", "first_name", "last_name"};

    /** The rows as the CSV file a CRM export produces (header line, RFC 4180 quoting). */
    public static String toCsv(List<CrmContact> contacts) {
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(HEADER).get())) {
            for (CrmContact contact : contacts) {
                printer.printRecord(contact.crmId(), contact.email(), contact.phone(), contact.firstName(),
                        contact.lastName());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
