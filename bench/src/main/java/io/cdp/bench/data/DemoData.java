package io.cdp.bench.data;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/** A generated data set: calls in timestamp order, and the CRM export. */
public record DemoData(List<Call> calls, List<CrmContact> contacts) {

    /**
     * The shop sells in EUR and the platform reports in USD (its default): the demo imports this
     * rate for every day of its orders, so that the revenue it shows is converted, not EUR taken as USD.
     */
    public static final BigDecimal EUR_USD = new BigDecimal("1.08");

    public DemoData {
        calls = List.copyOf(calls);
        contacts = List.copyOf(contacts);
    }

    /**
     * A rates file ({@code date,base,quote,rate}) with {@link #EUR_USD} from the day before the first
     * call to the day after the last (the platform corrects event times for client clock skew).
     */
    public String ratesCsv() {
        StringBuilder csv = new StringBuilder("date,base,quote,rate\n");
        if (calls.isEmpty()) {
            return csv.toString();
        }
        LocalDate last = LocalDate.ofInstant(calls.get(calls.size() - 1).timestamp(), ZoneOffset.UTC).plusDays(1);
        for (LocalDate day = LocalDate.ofInstant(calls.get(0).timestamp(), ZoneOffset.UTC).minusDays(1);
                !day.isAfter(last); day = day.plusDays(1)) {
            csv.append(day).append(",EUR,USD,").append(EUR_USD.toPlainString()).append('\n');
        }
        return csv.toString();
    }
}
