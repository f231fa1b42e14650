package io.cdp.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import io.cdp.platform.EventIngested;
import io.cdp.platform.EventType;
import io.cdp.profile.domain.ProfileDocument;
import io.cdp.profile.web.ProfileQueries;

/**
 * Random people with random identity links (no two userIds in one person, so components are well
 * defined), their events, and the expected outcome computed independently with union-find.
 */
final class IdentityOracle {

    record Id(String type, String value) {
    }

    final List<EventIngested> events = new ArrayList<>();
    /** Component root identifier of every identifier, by union-find over the events' links. */
    private final Map<Id, Id> parent = new HashMap<>();
    private final Map<Id, Long> orders = new HashMap<>();
    private final Map<Id, BigDecimal> revenue = new HashMap<>();
    private final Map<Id, Long> eventCounts = new HashMap<>();

    IdentityOracle(long seed, int people, String tag) {
        Random random = new Random(seed);
        Instant t0 = Instant.parse("2026-09-01T00:00:00Z");
        int message = 0;
        for (int p = 0; p < people; p++) {
            List<Id> ids = new ArrayList<>();
            List<Id> anchors = new ArrayList<>();
            if (random.nextBoolean()) {
                anchors.add(new Id("userId", tag + "-u" + p));
            }
            for (int a = 0; a <= random.nextInt(3); a++) {
                anchors.add(new Id("anonymousId", tag + "-a" + p + "-" + a));
            }
            ids.addAll(anchors);
            if (random.nextBoolean()) {
                ids.add(new Id("email", tag + "-p" + p + "@example.com"));
            }
            if (random.nextInt(3) == 0) {
                ids.add(new Id("loyalty_card", tag + "-lc" + p));
            }
            Collections.shuffle(ids, random);
            // a path over the person's identifiers links them all; extra single-identifier events add noise
            List<List<Id>> links = new ArrayList<>();
            for (int i = 0; i + 1 < ids.size(); i++) {
                links.add(List.of(ids.get(i), ids.get(i + 1)));
            }
            for (int i = 0; i < 1 + random.nextInt(3); i++) {
                links.add(List.of(ids.get(random.nextInt(ids.size()))));
            }
            for (List<Id> link : links) {
                List<Id> carried = new ArrayList<>();
                // an event carries one identifier per type: a second anonymousId is simply not linked
                for (Id id : link) {
                    if (carried.stream().noneMatch(c -> c.type().equals(id.type()))) {
                        carried.add(id);
                    }
                }
                if (carried.stream().noneMatch(id -> id.type().equals("userId") || id.type().equals("anonymousId"))) {
                    carried.add(anchors.get(0));
                }
                boolean order = random.nextInt(3) == 0;
                BigDecimal amount = BigDecimal.valueOf(100 + random.nextInt(10_000), 2);
                Instant at = t0.plusSeconds(random.nextInt(86_400 * 20));
                events.add(event(tag + "-m" + (message++), carried, order, amount, at));
                for (Id id : carried) {
                    union(carried.get(0), id);
                }
                Id key = carried.get(0);
                eventCounts.merge(key, 1L, Long::sum);
                if (order) {
                    orders.merge(key, 1L, Long::sum);
                    revenue.merge(key, amount, BigDecimal::add);
                }
            }
        }
        Collections.shuffle(events, random);
    }

    private static EventIngested event(String messageId, List<Id> ids, boolean order, BigDecimal amount, Instant at) {
        String userId = null;
        String anonymousId = null;
        Map<String, Object> traits = new HashMap<>();
        Map<String, Object> context = new HashMap<>();
        for (Id id : ids) {
            switch (id.type()) {
                case "userId" -> userId = id.value();
                case "anonymousId" -> anonymousId = id.value();
                case "email" -> traits.put("email", id.value());
                default -> context.put("externalIds", List.of(Map.of("id", id.value(), "type", id.type(),
                        "collection", "users", "encoding", "none")));
            }
        }
        if (order) {
            context.put("traits", traits);
            return new EventIngested(messageId, "web", EventType.TRACK, "Order Completed", null, userId, anonymousId,
                    null, null, at, at, null, Map.of("revenue", amount), context, null);
        }
        return new EventIngested(messageId, "web", EventType.IDENTIFY, null, null, userId, anonymousId, null, null,
                at, at, traits, null, context, null);
    }

    private Id find(Id id) {
        parent.putIfAbsent(id, id);
        Id root = id;
        while (!parent.get(root).equals(root)) {
            root = parent.get(root);
        }
        parent.put(id, root);
        return root;
    }

    private void union(Id a, Id b) {
        Id ra = find(a);
        Id rb = find(b);
        if (!ra.equals(rb)) {
            parent.put(rb, ra);
        }
    }

    Map<Id, List<Id>> components() {
        Map<Id, List<Id>> components = new HashMap<>();
        for (Id id : new ArrayList<>(parent.keySet())) {
            components.computeIfAbsent(find(id), r -> new ArrayList<>()).add(id);
        }
        return components;
    }

    /** One live profile per component, holding exactly that component's orders, revenue and events. */
    void verify(ProfileQueries queries, TestKit kit) {
        Map<Id, List<Id>> components = components();
        Set<String> liveProfiles = new HashSet<>();
        for (Map.Entry<Id, List<Id>> component : components.entrySet()) {
            long expectedOrders = 0;
            BigDecimal expectedRevenue = BigDecimal.ZERO;
            long expectedEvents = 0;
            String profileId = null;
            for (Id id : component.getValue()) {
                expectedOrders += orders.getOrDefault(id, 0L);
                expectedRevenue = expectedRevenue.add(revenue.getOrDefault(id, BigDecimal.ZERO));
                expectedEvents += eventCounts.getOrDefault(id, 0L);
                ProfileDocument profile = queries.lookup(id.type(), id.value());
                if (profileId == null) {
                    profileId = profile.id;
                }
                assertThat(profile.id).as("profile of %s", id).isEqualTo(profileId);
            }
            ProfileDocument profile = queries.resolve(profileId);
            assertThat(profile.commerce.orders).as("orders of %s", profileId).isEqualTo(expectedOrders);
            assertThat(profile.commerce.revenue).as("revenue of %s", profileId).isEqualByComparingTo(expectedRevenue);
            assertThat(profile.eventCount).as("events of %s", profileId).isEqualTo(expectedEvents);
            for (String old : profile.absorbedProfiles) {
                assertThat(queries.resolve(old).id).isEqualTo(profileId);
            }
            liveProfiles.add(profileId);
        }
        assertThat(liveProfiles).hasSize(components.size());
        try {
            kit.elasticsearch.indices().refresh(r -> r.index(kit.prefix + "profiles"));
            long roots = kit.elasticsearch.count(c -> c.index(kit.prefix + "profiles")
                    .query(q -> q.bool(b -> b.mustNot(m -> m.exists(e -> e.field("mergedInto")))))).count();
            assertThat(roots).as("live profiles").isEqualTo(components.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
