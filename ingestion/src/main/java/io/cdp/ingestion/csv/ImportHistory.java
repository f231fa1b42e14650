package io.cdp.ingestion.csv;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import io.cdp.ingestion.OrderHistoryWindows;

/**
 * Where an import's orders fall among the time windows that segments, personas and stages look at: a
 * marketer importing years of history learns which of it only counts in lifetime figures and which
 * customers a "bought within the last N days" or "no order for N days" rule sees by the orders imported.
 *
 * @param orders         orders imported
 * @param customers      customers with an imported order
 * @param historyOnly    orders older than every "within the last N days" window: null when no definition
 *                       has one
 * @param longestWindow  the longest "within the last N days" window, null when there is none
 * @param windows        each window with the imported orders and customers it holds
 * @param summary        all of it in sentences, as the CLI and the console show it
 */
public record ImportHistory(long orders, long customers, Long historyOnly, WindowFit longestWindow,
                            List<WindowFit> windows, List<String> summary) {

    /**
     * @param orders    imported orders inside the window
     * @param customers imported customers whose latest (or, for {@code byFirstOrder}, earliest) imported order is
     *                  inside the window
     */
    public record WindowFit(OrderHistoryWindows.Window window, long orders, long customers) {
    }

    static ImportHistory of(long orders, long customers, List<WindowFit> windows) {
        WindowFit longest = windows.stream().filter(fit -> fit.window().recent())
                .min(Comparator.comparing(fit -> fit.window().since())).orElse(null);
        Long historyOnly = longest == null ? null : orders - longest.orders();
        return new ImportHistory(orders, customers, historyOnly, longest, List.copyOf(windows),
                sentences(orders, customers, historyOnly, longest, windows));
    }

    private static List<String> sentences(long orders, long customers, Long historyOnly, WindowFit longest,
                                          List<WindowFit> windows) {
        List<String> sentences = new ArrayList<>();
        if (orders == 0) {
            return sentences;
        }
        if (longest == null) {
            sentences.add("No segment, persona or stage looks at a time window of orders within the last days: the"
                    + " imported orders count in lifetime figures (orders, revenue, average order value, CLV, cohorts).");
        } else {
            OrderHistoryWindows.Window window = longest.window();
            sentences.add(String.format(Locale.ROOT, "%,d of %,d orders (%s) are older than %,d days (before %s), the"
                    + " longest window a definition looks at (%s): they count in lifetime figures (orders, revenue,"
                    + " average order value, CLV, cohorts) and in no time-window segment.", historyOnly, orders,
                    percent(historyOnly, orders), window.days(), window.day(), definition(window)));
        }
        for (WindowFit fit : windows) {
            OrderHistoryWindows.Window window = fit.window();
            sentences.add(String.format(Locale.ROOT, "%s: the %s imported order of %,d of %,d customers (%s) is %s"
                    + " (%s %s); %s.", capitalized(definition(window)),
                    window.byFirstOrder() ? "earliest" : "latest", fit.customers(), customers,
                    percent(fit.customers(), customers), window.recent() ? "inside its window" : "old enough for it",
                    window.recent() ? "on or after" : "before", window.day(),
                    fit.orders() == 1 ? "1 order is" : String.format(Locale.ROOT, "%,d orders are", fit.orders())));
        }
        return sentences;
    }

    private static String definition(OrderHistoryWindows.Window window) {
        return window.kind() + " '" + window.name() + "': " + window.rule();
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static String percent(long part, long whole) {
        return whole == 0 ? "0 %" : String.format(Locale.ROOT, "%.0f %%", part * 100.0 / whole);
    }
}
