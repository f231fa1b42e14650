package io.cdp.bench.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

/**
 * A seeded line-level orders file as a point-of-sale export writes it: each order's lines one after
 * the other, one to seven lines of a product with quantity and price in USD, orders of
 * {@code lines / 20} customers spread over the year before {@code end}. Written row by row, so a
 * file of millions of lines never is in memory.
 */
public final class OrderFile {

    public static final String HEADER = "order_id,email,timestamp,product_id,product_name,quantity,price,currency";
    private static final int MAX_LINES_PER_ORDER = 7;
    private static final int PRODUCTS = 1_000;

    /** What was written: lines, orders and the revenue of all lines. */
    public record Written(long lines, long orders, BigDecimal revenue) {
    }

    private OrderFile() {
    }

    public static Written write(Path file, long seed, long lines, Instant end) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        long customers = Math.max(1, lines / 20);
        long yearSeconds = Duration.ofDays(365).toSeconds();
        long orders = 0;
        BigDecimal revenue = BigDecimal.ZERO;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(HEADER);
            out.newLine();
            long written = 0;
            while (written < lines) {
                orders++;
                String orderId = "B" + seed + "-" + orders;
                String email = "customer" + random.nextLong(customers) + "@example.com";
                String at = end.minusSeconds(1 + random.nextLong(yearSeconds)).truncatedTo(ChronoUnit.SECONDS).toString();
                int orderLines = (int) Math.min(lines - written, 1 + random.nextInt(MAX_LINES_PER_ORDER));
                for (int line = 0; line < orderLines; line++) {
                    int product = random.nextInt(PRODUCTS);
                    int quantity = 1 + random.nextInt(5);
                    BigDecimal price = BigDecimal.valueOf(100 + random.nextInt(20_000), 2);
                    revenue = revenue.add(price.multiply(BigDecimal.valueOf(quantity)));
                    out.write(orderId + ',' + email + ',' + at + ",P" + product + ",Product " + product + ','
                            + quantity + ',' + price.toPlainString() + ",USD");
                    out.newLine();
                }
                written += orderLines;
            }
        }
        return new Written(lines, orders, revenue);
    }
}
