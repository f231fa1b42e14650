package io.cdp.insights;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The CDNOW cohort of Fader, Hardie and Lee's papers: 2,357 customers, times in weeks, with the
 * mean value of their repeat orders (test resource copied from {@code lifetimes}, MIT licence beside it).
 */
final class Cdnow {

    static final List<PurchaseHistory> CUSTOMERS = read();

    private Cdnow() {
    }

    /** Asserts that {@code actual} rounds to {@code expected} at the latter's number of significant digits. */
    static void assertSameSignificantDigits(double actual, String expected) {
        BigDecimal published = new BigDecimal(expected);
        assertThat(new BigDecimal(actual).round(new MathContext(published.precision())))
                .as("%s to %d significant digits", actual, published.precision())
                .isEqualByComparingTo(published);
    }

    private static List<PurchaseHistory> read() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                Cdnow.class.getResourceAsStream("/cdnow/cdnow_customers_summary_with_transactions.csv"),
                StandardCharsets.UTF_8))) {
            return reader.lines().skip(1).map(line -> line.split(","))
                    .map(cells -> PurchaseHistory.of(Integer.parseInt(cells[1]), Double.parseDouble(cells[2]),
                            Double.parseDouble(cells[3]), Double.parseDouble(cells[4])))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
