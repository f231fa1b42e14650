package io.cdp.bench.data;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a perfect platform should build from a data set, worked out independently of it:
 * people are the connected components of the identifiers each call or CRM row carries
 * together (a union-find over anonymousId, userId, email, phone, external ids, CRM id).
 *
 * @param people    expected profiles
 * @param known     people with a userId, email, phone or CRM id
 * @param orders    Order Completed calls
 * @param revenue   sum of their {@code revenue} (EUR)
 * @param bySource  calls per source (CRM counts contacts)
 */
public record DataSetFacts(int people, int known, int orders, BigDecimal revenue, Map<Source, Integer> bySource) {

    public DataSetFacts {
        bySource = Map.copyOf(bySource);
    }

    /** The revenue in the platform's reporting currency, USD, at the rate the demo imports. */
    public BigDecimal reportingRevenue() {
        return revenue.multiply(DemoData.EUR_USD);
    }

    public int anonymous() {
        return people - known;
    }

    public static DataSetFacts of(DemoData data) {
        UnionFind identities = new UnionFind();
        Map<Source, Integer> bySource = new EnumMap<>(Source.class);
        int orders = 0;
        BigDecimal revenue = BigDecimal.ZERO;
        for (Call call : data.calls()) {
            bySource.merge(call.source(), 1, Integer::sum);
            identities.link(identifiers(call.message()));
            if ("track".equals(call.type()) && "Order Completed".equals(call.event())) {
                orders++;
                revenue = revenue.add(new BigDecimal(map(call.message(), "properties").get("revenue").toString()));
            }
        }
        for (CrmContact contact : data.contacts()) {
            bySource.merge(Source.CRM, 1, Integer::sum);
            List<String> ids = new ArrayList<>();
            ids.add("crm_id:" + contact.crmId());
            add(ids, "email", email(contact.email()));
            add(ids, "phone", contact.phone());
            identities.link(ids);
        }
        Map<String, Boolean> knownByRoot = new HashMap<>();
        for (String id : identities.ids()) {
            boolean knownId = !id.startsWith("anonymousId:") && !id.startsWith("device_id:")
                    && !id.startsWith("loyalty_card:");
            knownByRoot.merge(identities.root(id), knownId, Boolean::logicalOr);
        }
        int known = (int) knownByRoot.values().stream().filter(Boolean::booleanValue).count();
        return new DataSetFacts(knownByRoot.size(), known, orders, revenue, bySource);
    }

    static List<String> identifiers(Map<String, Object> message) {
        List<String> ids = new ArrayList<>();
        add(ids, "anonymousId", (String) message.get("anonymousId"));
        add(ids, "userId", (String) message.get("userId"));
        Map<String, Object> traits = map(message, "traits");
        Map<String, Object> context = map(message, "context");
        Map<String, Object> contextTraits = map(context, "traits");
        add(ids, "email", email((String) traits.getOrDefault("email", contextTraits.get("email"))));
        add(ids, "phone", (String) traits.getOrDefault("phone", contextTraits.get("phone")));
        Object externalIds = context.get("externalIds");
        if (externalIds instanceof List<?> list) {
            for (Object item : list) {
                Map<?, ?> externalId = (Map<?, ?>) item;
                add(ids, (String) externalId.get("type"), (String) externalId.get("id"));
            }
        }
        return ids;
    }

    private static void add(List<String> ids, String type, String value) {
        if (value != null && !value.isBlank()) {
            ids.add(type + ":" + value);
        }
    }

    private static String email(String email) {
        return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static final class UnionFind {
        private final Map<String, String> parent = new HashMap<>();

        void link(List<String> ids) {
            for (String id : ids) {
                parent.putIfAbsent(id, id);
            }
            for (int i = 1; i < ids.size(); i++) {
                String a = root(ids.get(0));
                String b = root(ids.get(i));
                if (!a.equals(b)) {
                    parent.put(b, a);
                }
            }
        }

        String root(String id) {
            String root = id;
            while (!parent.get(root).equals(root)) {
                root = parent.get(root);
            }
            // path compression keeps a million-call data set linear in practice
            String node = id;
            while (!node.equals(root)) {
                String next = parent.get(node);
                parent.put(node, root);
                node = next;
            }
            return root;
        }

        Set<String> ids() {
            return new HashSet<>(parent.keySet());
        }
    }
}
