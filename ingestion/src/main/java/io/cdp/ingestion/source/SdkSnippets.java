package io.cdp.ingestion.source;

import java.net.URI;
import java.util.List;

/**
 * Copy-paste set-ups of the Segment-compatible SDKs, sending to this server with a source's write key.
 * The browser SDKs get their settings inline, so that they fetch nothing from Segment's or RudderStack's
 * servers.
 */
record SdkSnippets(List<Snippet> snippets) {

    record Snippet(String id, String title, String code) {
    }

    /** @param base this server's address as the reader's browser reaches it, without a trailing slash */
    static SdkSnippets of(URI base, String writeKey) {
        String url = base.toString().replaceAll("/+$", "");
        String apiHost = base.getAuthority() + base.getPath().replaceAll("/+$", "") + "/v1";
        return new SdkSnippets(List.of(
                new Snippet("analytics-js", "analytics.js (browser, @segment/analytics-next)", """
                        // npm install @segment/analytics-next
                        import { AnalyticsBrowser } from '@segment/analytics-next'

                        export const analytics = AnalyticsBrowser.load({
                          writeKey: '%1$s',
                          // settings inline: nothing is fetched from Segment's CDN, events go to this server
                          cdnSettings: { integrations: { 'Segment.io': {
                            apiKey: '%1$s', apiHost: '%2$s', protocol: '%3$s' } } },
                        })

                        analytics.page()
                        analytics.identify('user-42', { email: 'anna@example.com' })
                        """.formatted(writeKey, apiHost, base.getScheme())),
                new Snippet("analytics-node", "analytics-node (Node.js, @segment/analytics-node)", """
                        // npm install @segment/analytics-node
                        import { Analytics } from '@segment/analytics-node'

                        const analytics = new Analytics({ writeKey: '%1$s', host: '%2$s' })

                        analytics.track({ userId: 'user-42', event: 'Order Completed',
                          properties: { order_id: 'o-1001', revenue: 42.5, currency: 'EUR' } })
                        """.formatted(writeKey, url)),
                new Snippet("analytics-java", "analytics-java (com.segment.analytics.java:analytics)", """
                        Analytics analytics = Analytics.builder("%1$s")
                            .endpoint("%2$s")
                            .build();

                        analytics.enqueue(TrackMessage.builder("Order Completed")
                            .userId("user-42")
                            .properties(Map.of("order_id", "o-1001", "revenue", 42.5, "currency", "EUR")));
                        """.formatted(writeKey, url)),
                new Snippet("rudderstack-js", "RudderStack JavaScript SDK (@rudderstack/analytics-js)", """
                        // npm install @rudderstack/analytics-js
                        import { RudderAnalytics } from '@rudderstack/analytics-js'

                        const rudderanalytics = new RudderAnalytics()
                        // this server is the data plane
                        rudderanalytics.load('%1$s', '%2$s')

                        rudderanalytics.page()
                        rudderanalytics.identify('user-42', { email: 'anna@example.com' })
                        """.formatted(writeKey, url)),
                new Snippet("curl", "HTTP (curl)", """
                        curl -u '%1$s:' -H 'Content-Type: application/json' \\
                          %2$s/v1/track \\
                          -d '{"userId":"user-42","event":"Signed Up"}'
                        """.formatted(writeKey, url))));
    }
}
