package io.cdp.bench.data;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The calls as client libraries deliver them: analytics.js and the mobile SDKs queue a device's calls and
 * flush them together, so a session (one device's calls at most {@link DemoDataGenerator#SESSION_TIMEOUT}
 * apart) arrives as one burst rather than spread over its minutes among everybody else's calls. Sessions
 * keep the order of their first call; a session's calls stay in timestamp order.
 */
public final class SessionOrder {

    private SessionOrder() {
    }

    public static List<Call> of(List<Call> calls) {
        List<Call> byTime = new ArrayList<>(calls);
        byTime.sort(Comparator.comparing(Call::timestamp));
        List<List<Call>> sessions = new ArrayList<>();
        Map<String, List<Call>> open = new HashMap<>();
        Map<String, Instant> lastSeen = new HashMap<>();
        for (Call call : byTime) {
            String device = device(call);
            Instant last = lastSeen.put(device, call.timestamp());
            List<Call> session = open.get(device);
            if (session == null || last.plus(DemoDataGenerator.SESSION_TIMEOUT).isBefore(call.timestamp())) {
                session = new ArrayList<>();
                sessions.add(session);
                open.put(device, session);
            }
            session.add(call);
        }
        List<Call> ordered = new ArrayList<>(calls.size());
        sessions.forEach(ordered::addAll);
        return ordered;
    }

    /** The browser or app install: every demo call carries an anonymousId, identified ones a userId too. */
    private static String device(Call call) {
        return Objects.toString(call.message().get("anonymousId"), "user:" + call.message().get("userId"));
    }
}
