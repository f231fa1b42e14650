package io.cdp.bench.data;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A deterministic multi-channel data set: the same seed, size and end instant always give the
 * same calls, message ids included, so that replaying it twice exercises deduplication
 * rather than doubling orders.
 *
 * <p>Each simulated person has a story across channels: anonymous web sessions (page views at
 * most 30 minutes apart, product views, carts, checkouts), perhaps a sign-up identify tying the
 * cookie to a userId and email, email link clicks from another device carrying only the email,
 * a mobile app with its own device id, in-store purchases on a loyalty card, and a CRM record.
 * Those are exactly the links identity resolution has to find.
 */
public final class DemoDataGenerator {

    static final Duration HISTORY = Duration.ofDays(90);
    static final Duration SESSION_TIMEOUT = Duration.ofMinutes(30);

    private static final String[] FIRST_NAMES = {"Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hugo",
            "Ines", "Jonas", "Keiko", "Liam", "Maya", "Noah", "Olga", "Priya", "Quentin", "Rosa", "Sven", "Tara",
            "Umar", "Vera", "Wei", "Yara", "Zoe"};
    private static final String[] LAST_NAMES = {"Adams", "Baker", "Costa", "Dubois", "Evans", "Fischer", "Garcia",
            "Hansen", "Ito", "Jensen", "Kowalski", "Lopez", "Müller", "Novak", "Okafor", "Petrov", "Rossi", "Silva",
            "Tanaka", "Varga", "Weber", "Young"};
    // RFC 2606 domains: the demo never addresses anybody real
    private static final String[] EMAIL_DOMAINS = {"example.com", "example.org", "example.net"};
    private static final String[] CATEGORIES = {"Shoes", "Jackets", "Bags", "Hats", "Socks"};
    private static final String[] ADJECTIVES = {"Trail", "City", "Classic", "Summit", "Harbor", "Nordic"};
    private static final String[] CAMPAIGNS = {"spring-sale", "new-arrivals", "loyalty-points", "win-back"};
    private static final String[] PAGES = {"Home", "Category", "Search", "About", "Store Locator"};
    private static final String[] SCREENS = {"Home", "Catalog", "Product", "Cart", "Account"};
    private static final String[] STORES = {"store-berlin-01", "store-paris-02", "store-lisbon-03"};

    private final SplittableRandom random;
    private final Instant end;
    private final Instant start;
    private final List<Product> catalog;
    private int personNumber;

    private DemoDataGenerator(long seed, Instant end, int firstPerson) {
        this.random = new SplittableRandom(seed);
        this.personNumber = firstPerson;
        this.end = end;
        this.start = end.minus(HISTORY);
        this.catalog = catalog(new SplittableRandom(seed ^ 0x5DEECE66DL));
    }

    /**
     * @param seed   everything random derives from it
     * @param events exactly this many calls; the last person's latest calls are cut to fit
     * @param end    the newest possible timestamp; history reaches {@link #HISTORY} back
     */
    public static DemoData generate(long seed, int events, Instant end) {
        return generate(seed, events, end, 0);
    }

    /**
     * Like {@link #generate(long, int, Instant)}, numbering people from {@code firstPerson + 1}: data sets
     * with bands far apart share no userId, email, phone or loyalty card (phones repeat every 1,000,000 people).
     */
    public static DemoData generate(long seed, int events, Instant end, int firstPerson) {
        if (events < 1) {
            throw new IllegalArgumentException("events must be at least 1, was " + events);
        }
        return new DemoDataGenerator(seed, end, firstPerson).generate(events);
    }

    /**
     * The calls of {@link #generate(long, int, Instant, int)} a chunk of at most {@code chunkSize} at a
     * time, people numbered on from chunk to chunk, so that a long data set never has to fit in memory
     * at once. Each chunk is in timestamp order.
     */
    public static Iterator<List<Call>> inChunks(long seed, long events, int chunkSize, Instant end, int firstPerson) {
        if (events < 1 || chunkSize < 1) {
            throw new IllegalArgumentException("events and chunkSize must be at least 1, were " + events + ", "
                    + chunkSize);
        }
        DemoDataGenerator generator = new DemoDataGenerator(seed, end, firstPerson);
        return new Iterator<>() {
            private long left = events;

            @Override
            public boolean hasNext() {
                return left > 0;
            }

            @Override
            public List<Call> next() {
                if (left <= 0) {
                    throw new NoSuchElementException();
                }
                int size = (int) Math.min(chunkSize, left);
                left -= size;
                return generator.generate(size).calls();
            }
        };
    }

    private DemoData generate(int events) {
        List<Call> calls = new ArrayList<>(events + 64);
        List<CrmContact> contacts = new ArrayList<>();
        while (calls.size() < events) {
            Person person = newPerson();
            List<Call> story = story(person);
            story.removeIf(call -> call.timestamp().isAfter(end));
            story.sort(Comparator.comparing(Call::timestamp));
            calls.addAll(story.subList(0, Math.min(story.size(), events - calls.size())));
            if (person.crmId != null) {
                contacts.add(crmRow(person));
            }
        }
        calls.sort(Comparator.comparing(Call::timestamp).thenComparing(Call::messageId));
        return new DemoData(calls, contacts);
    }

    private Person newPerson() {
        int n = ++personNumber;
        Person person = new Person();
        double archetype = random.nextDouble();
        person.storeOnly = archetype < 0.08;
        person.crmOnly = !person.storeOnly && archetype < 0.12;
        person.webCookie = person.storeOnly || person.crmOnly ? null : uuid();
        person.signsUp = person.webCookie != null && random.nextDouble() < 0.45;
        boolean known = person.signsUp || person.crmOnly || (person.storeOnly && random.nextDouble() < 0.5);
        if (known) {
            person.firstName = pick(FIRST_NAMES);
            person.lastName = pick(LAST_NAMES);
            person.email = (person.firstName + "." + person.lastName + "." + n + "@" + pick(EMAIL_DOMAINS))
                    .toLowerCase(Locale.ROOT).replace("ü", "ue");
            person.phone = random.nextDouble() < 0.6 ? phone(n) : null;
        }
        if (person.signsUp) {
            person.userId = "u-" + Integer.toHexString(0x100000 + n);
            person.usesApp = random.nextDouble() < 0.35;
            person.readsEmail = random.nextDouble() < 0.6;
            person.crmId = random.nextDouble() < 0.5 ? "crm-" + (100000 + n) : null;
        }
        if (person.crmOnly) {
            person.crmId = "crm-" + (100000 + n);
        }
        if (person.storeOnly || (person.signsUp && random.nextDouble() < 0.3)) {
            person.loyaltyCard = "LC" + (40000000 + n);
        }
        if (person.usesApp) {
            person.deviceId = uuid().toUpperCase(Locale.ROOT);
            person.appAnonymousId = uuid();
        }
        person.firstSeen = start.plusSeconds(random.nextLong(HISTORY.toSeconds() - 3600));
        return person;
    }

    private List<Call> story(Person person) {
        List<Call> story = new ArrayList<>();
        if (person.webCookie != null) {
            webSessions(person, story);
        }
        if (person.usesApp) {
            appSessions(person, story);
        }
        if (person.readsEmail) {
            emailClicks(person, story);
        }
        if (person.loyaltyCard != null) {
            storePurchases(person, story);
        }
        return story;
    }

    private void webSessions(Person person, List<Call> story) {
        Instant time = person.firstSeen;
        int sessions = 1 + random.nextInt(person.signsUp ? 6 : 3);
        int signUpSession = random.nextInt(sessions);
        for (int session = 0; session < sessions && time.isBefore(end); session++) {
            Map<String, Object> cart = null;
            int pageViews = 1 + random.nextInt(6);
            for (int view = 0; view < pageViews && time.isBefore(end); view++) {
                boolean productPage = random.nextDouble() < 0.5;
                Product product = pick(catalog);
                String pageName = productPage ? product.name : pick(PAGES);
                String path = productPage ? "/products/" + product.sku.toLowerCase(Locale.ROOT)
                        : "/" + pageName.toLowerCase(Locale.ROOT).replace(' ', '-');
                story.add(web(person, time, page(pageName, path)));
                if (productPage) {
                    time = time.plusSeconds(2 + random.nextInt(20));
                    story.add(web(person, time, track("Product Viewed", product.properties(1))));
                    if (random.nextDouble() < 0.3) {
                        time = time.plusSeconds(5 + random.nextInt(60));
                        cart = cart == null ? newCart() : cart;
                        Map<String, Object> added = product.properties(1 + random.nextInt(2));
                        added.put("cart_id", cart.get("cart_id"));
                        story.add(web(person, time, track("Product Added", added)));
                        cartProducts(cart).add(added);
                    }
                }
                time = time.plusSeconds(10 + random.nextInt(180));
            }
            if (person.signsUp && session == signUpSession) {
                story.add(web(person, time, identify(person, true)));
                story.add(web(person, time.plusMillis(40), track("Signed Up", props("method", "email"))));
                time = time.plusSeconds(30);
            }
            if (cart != null && random.nextDouble() < 0.6) {
                Map<String, Object> order = order(cartProducts(cart));
                story.add(web(person, time, track("Checkout Started", new LinkedHashMap<>(order))));
                time = time.plusSeconds(60 + random.nextInt(240));
                if (random.nextDouble() < 0.7) {
                    story.add(web(person, time, track("Order Completed", order)));
                }
            }
            // a new session starts only after the 30-minute inactivity timeout
            time = time.plus(SESSION_TIMEOUT).plusSeconds(60 + random.nextLong(Duration.ofDays(12).toSeconds()));
        }
    }

    private void appSessions(Person person, List<Call> story) {
        Instant time = person.firstSeen.plusSeconds(random.nextLong(Duration.ofDays(20).toSeconds()));
        int sessions = 1 + random.nextInt(4);
        for (int session = 0; session < sessions && time.isBefore(end); session++) {
            if (session == 0) {
                story.add(app(person, time, identify(person, false)));
                time = time.plusSeconds(3);
            }
            int screens = 1 + random.nextInt(5);
            for (int i = 0; i < screens && time.isBefore(end); i++) {
                Map<String, Object> screen = base("screen");
                screen.put("name", pick(SCREENS));
                screen.put("properties", props("path", "app://" + screen.get("name").toString().toLowerCase(Locale.ROOT)));
                story.add(app(person, time, screen));
                if (random.nextDouble() < 0.3) {
                    time = time.plusSeconds(4);
                    story.add(app(person, time, track("Product Viewed", pick(catalog).properties(1))));
                }
                time = time.plusSeconds(8 + random.nextInt(90));
            }
            if (random.nextDouble() < 0.15) {
                List<Map<String, Object>> products = new ArrayList<>(List.of(pick(catalog).properties(1)));
                story.add(app(person, time, track("Order Completed", order(products))));
            }
            time = time.plus(SESSION_TIMEOUT).plusSeconds(60 + random.nextLong(Duration.ofDays(15).toSeconds()));
        }
    }

    private void emailClicks(Person person, List<Call> story) {
        // the mail app on the phone is a device the web cookie never saw: only the email links it
        String phoneBrowser = uuid();
        int clicks = 1 + random.nextInt(3);
        for (int i = 0; i < clicks; i++) {
            Instant time = person.firstSeen.plusSeconds(3600 + random.nextLong(HISTORY.toSeconds() / 2));
            if (!time.isBefore(end)) {
                continue;
            }
            String campaign = pick(CAMPAIGNS);
            Map<String, Object> click = track("Email Link Clicked", props(
                    "link_url", "https://shop.example.com/" + campaign + "?utm_medium=email",
                    "email_subject", campaign.replace('-', ' ')));
            Map<String, Object> context = webContext();
            context.put("traits", props("email", person.email));
            context.put("campaign", props("name", campaign, "source", "newsletter", "medium", "email",
                    "content", "hero-link"));
            click.put("context", context);
            click.put("anonymousId", phoneBrowser);
            story.add(new Call(Source.WEB, time, stamp(click, time)));
        }
    }

    private void storePurchases(Person person, List<Call> story) {
        int visits = 1 + random.nextInt(person.storeOnly ? 4 : 2);
        for (int i = 0; i < visits; i++) {
            Instant time = person.firstSeen.plusSeconds(random.nextLong(HISTORY.toSeconds() / 2));
            if (!time.isBefore(end)) {
                continue;
            }
            List<Map<String, Object>> products = new ArrayList<>();
            int items = 1 + random.nextInt(3);
            for (int item = 0; item < items; item++) {
                products.add(pick(catalog).properties(1));
            }
            Map<String, Object> order = order(products);
            order.put("store_id", pick(STORES));
            Map<String, Object> message = track("Order Completed", order);
            Map<String, Object> context = new LinkedHashMap<>();
            context.put("library", library("cdp-pos-connector", "1.4.0"));
            context.put("externalIds", List.of(externalId(person.loyaltyCard, "loyalty_card")));
            if (person.email != null && random.nextDouble() < 0.5) {
                // an e-receipt: the only link between a card and the person for store-only shoppers
                context.put("traits", props("email", person.email));
            }
            message.put("context", context);
            // the till knows the card, not the person: one stable anonymous id per card
            message.put("anonymousId", UUID.nameUUIDFromBytes(person.loyaltyCard.getBytes()).toString());
            story.add(new Call(Source.POS, time, stamp(message, time)));
        }
    }

    private Call web(Person person, Instant time, Map<String, Object> message) {
        message.put("anonymousId", person.webCookie);
        if (message.get("type").equals("identify")) {
            person.identifiedOnWeb = true;
        }
        if (person.identifiedOnWeb) {
            message.put("userId", person.userId);
        }
        Map<String, Object> context = webContext();
        if (message.get("type").equals("page")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> properties = (Map<String, Object>) message.get("properties");
            context.put("page", new LinkedHashMap<>(properties));
        }
        if (message.get("type").equals("identify") && person.loyaltyCard != null) {
            context.put("externalIds", List.of(externalId(person.loyaltyCard, "loyalty_card")));
        }
        message.put("context", context);
        return new Call(Source.WEB, time, stamp(message, time));
    }

    private Call app(Person person, Instant time, Map<String, Object> message) {
        // the app asks for a login first, so every app call is identified
        message.put("anonymousId", person.appAnonymousId);
        message.put("userId", person.userId);
        Map<String, Object> context = new LinkedHashMap<>();
        boolean ios = person.deviceId.charAt(0) < '8';
        context.put("library", ios ? library("analytics-ios", "4.1.8") : library("analytics-android", "4.11.3"));
        context.put("app", props("name", "Example Shop", "version", "3.2.0", "build", "3200",
                "namespace", "com.example.shop"));
        context.put("device", props("id", person.deviceId, "manufacturer", ios ? "Apple" : "Google",
                "model", ios ? "iPhone15,2" : "Pixel 8", "type", ios ? "ios" : "android"));
        context.put("os", props("name", ios ? "iOS" : "Android", "version", ios ? "17.4" : "14"));
        context.put("externalIds", List.of(externalId(person.deviceId, "device_id")));
        context.put("locale", "en-US");
        message.put("context", context);
        return new Call(Source.APP, time, stamp(message, time));
    }

    private Map<String, Object> identify(Person person, boolean withEmailAndName) {
        Map<String, Object> identify = base("identify");
        Map<String, Object> traits = new LinkedHashMap<>();
        traits.put("email", person.email);
        if (withEmailAndName) {
            traits.put("firstName", person.firstName);
            traits.put("lastName", person.lastName);
            traits.put("name", person.firstName + " " + person.lastName);
            if (person.phone != null) {
                traits.put("phone", person.phone);
            }
            traits.put("plan", random.nextDouble() < 0.2 ? "premium" : "basic");
        }
        identify.put("traits", traits);
        return identify;
    }

    private Map<String, Object> page(String name, String path) {
        Map<String, Object> page = base("page");
        page.put("name", name);
        page.put("properties", props("path", path, "url", "https://shop.example.com" + path, "title",
                name + " | Example Shop", "referrer", random.nextDouble() < 0.3 ? "https://www.example.net/search" : ""));
        return page;
    }

    private Map<String, Object> track(String event, Map<String, Object> properties) {
        Map<String, Object> track = base("track");
        track.put("event", event);
        track.put("properties", properties);
        return track;
    }

    private Map<String, Object> base(String type) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("messageId", uuid());
        message.put("type", type);
        return message;
    }

    private static Map<String, Object> stamp(Map<String, Object> message, Instant time) {
        message.put("timestamp", time.toString());
        return message;
    }

    private Map<String, Object> webContext() {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("library", library("analytics.js", "next-1.70.0"));
        context.put("userAgent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36");
        context.put("locale", "en-US");
        context.put("ip", "203.0.113." + (1 + random.nextInt(254)));
        return context;
    }

    private Map<String, Object> newCart() {
        Map<String, Object> cart = new LinkedHashMap<>();
        cart.put("cart_id", "cart-" + uuid().substring(0, 8));
        cart.put("products", new ArrayList<Map<String, Object>>());
        return cart;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> cartProducts(Map<String, Object> cart) {
        return (List<Map<String, Object>>) cart.get("products");
    }

    /** Segment's Order Completed properties; revenue excludes shipping and tax as the spec says. */
    private Map<String, Object> order(List<Map<String, Object>> products) {
        BigDecimal revenue = BigDecimal.ZERO;
        List<Map<String, Object>> lines = new ArrayList<>();
        for (Map<String, Object> product : products) {
            BigDecimal price = (BigDecimal) product.get("price");
            revenue = revenue.add(price.multiply(BigDecimal.valueOf(((Number) product.get("quantity")).longValue())));
            Map<String, Object> line = new LinkedHashMap<>(product);
            line.remove("cart_id");
            line.remove("currency");
            lines.add(line);
        }
        BigDecimal shipping = revenue.compareTo(BigDecimal.valueOf(75)) >= 0 ? BigDecimal.ZERO : new BigDecimal("4.90");
        BigDecimal tax = revenue.multiply(new BigDecimal("0.19")).setScale(2, RoundingMode.HALF_UP);
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("order_id", "ord-" + uuid().substring(0, 12));
        order.put("total", revenue.add(shipping).add(tax));
        order.put("revenue", revenue);
        order.put("shipping", shipping);
        order.put("tax", tax);
        order.put("currency", "EUR");
        order.put("products", lines);
        return order;
    }

    private CrmContact crmRow(Person person) {
        // CRM exports are messier than the web: mixed-case emails, padded with spaces
        String email = random.nextDouble() < 0.3 ? "  " + person.email.toUpperCase(Locale.ROOT) + " " : person.email;
        return new CrmContact(person.crmId, email, person.phone, person.firstName, person.lastName);
    }

    private static Map<String, Object> externalId(String id, String type) {
        return props("id", id, "type", type, "collection", "users", "encoding", "none");
    }

    private static Map<String, Object> library(String name, String version) {
        return props("name", name, "version", version);
    }

    private static Map<String, Object> props(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private String phone(int n) {
        // Ofcom's drama range +44 7700 900000-900999 and its neighbours: never a real subscriber
        return "+447700" + String.format(Locale.ROOT, "%06d", (900000 + n) % 1_000_000);
    }

    private String uuid() {
        return new UUID((random.nextLong() & ~0xF000L) | 0x4000L,
                (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static List<Product> catalog(SplittableRandom random) {
        List<Product> products = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String category = CATEGORIES[i % CATEGORIES.length];
            String name = ADJECTIVES[random.nextInt(ADJECTIVES.length)] + " " + category.substring(0, category.length() - 1)
                    + " " + (i + 1);
            BigDecimal price = BigDecimal.valueOf(900 + random.nextInt(15000), 2);
            products.add(new Product("SKU-" + (1000 + i), name, category, price));
        }
        return List.copyOf(products);
    }

    private record Product(String sku, String name, String category, BigDecimal price) {

        Map<String, Object> properties(int quantity) {
            return props("product_id", sku.toLowerCase(Locale.ROOT), "sku", sku, "name", name, "category", category,
                    "price", price, "quantity", quantity, "currency", "EUR");
        }
    }

    private static final class Person {
        String webCookie;
        String userId;
        String email;
        String phone;
        String firstName;
        String lastName;
        String crmId;
        String loyaltyCard;
        String deviceId;
        String appAnonymousId;
        boolean storeOnly;
        boolean crmOnly;
        boolean signsUp;
        boolean usesApp;
        boolean readsEmail;
        boolean identifiedOnWeb;
        Instant firstSeen;
    }
}
