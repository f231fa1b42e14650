package io.cdp.bench.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class DemoDataGeneratorTest {

    private static final Instant END = Instant.parse("2026-11-01T00:00:00Z");
    private static final DemoData DATA = DemoDataGenerator.generate(7, 5_000, END);

    @Test
    void sameSeedGivesTheSameCallsAndMessageIds() {
        DemoData again = DemoDataGenerator.generate(7, 5_000, END);

        assertThat(again.calls()).isEqualTo(DATA.calls());
        assertThat(again.contacts()).isEqualTo(DATA.contacts());
    }

    @Test
    void otherSeedGivesOtherData() {
        DemoData other = DemoDataGenerator.generate(8, 5_000, END);

        assertThat(other.calls().get(0).messageId()).isNotEqualTo(DATA.calls().get(0).messageId());
    }

    @Test
    void producesExactlyTheRequestedNumberOfCallsInTimestampOrderWithinTheHistory() {
        assertThat(DATA.calls()).hasSize(5_000);
        assertThat(DATA.calls()).isSortedAccordingTo((a, b) -> a.timestamp().compareTo(b.timestamp()));
        assertThat(DATA.calls()).allSatisfy(call -> assertThat(call.timestamp())
                .isBetween(END.minus(DemoDataGenerator.HISTORY), END));
        assertThat(DATA.calls().stream().map(Call::messageId).distinct().count()).isEqualTo(5_000);
    }

    @Test
    void aLongDataSetComesInChunksOfNewPeopleEachInTimestampOrder() {
        List<List<Call>> chunks = new ArrayList<>();
        DemoDataGenerator.inChunks(7, 5_500, 2_000, END, 0).forEachRemaining(chunks::add);

        assertThat(chunks).extracting(List::size).containsExactly(2_000, 2_000, 1_500);
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk)
                .isSortedAccordingTo((a, b) -> a.timestamp().compareTo(b.timestamp())));
        // people are numbered on: no userId of one chunk reappears in another
        List<Set<Object>> userIds = chunks.stream().map(chunk -> chunk.stream().map(call -> call.message().get("userId"))
                .filter(Objects::nonNull).collect(Collectors.toSet())).toList();
        assertThat(userIds).allSatisfy(ids -> assertThat(ids).isNotEmpty());
        assertThat(userIds.get(1)).doesNotContainAnyElementsOf(userIds.get(0));
        assertThat(userIds.get(2)).doesNotContainAnyElementsOf(userIds.get(0)).doesNotContainAnyElementsOf(userIds.get(1));
        // the first chunk is the start of the same data set generated at once
        assertThat(chunks.get(0).get(0)).isEqualTo(DemoDataGenerator.generate(7, 2_000, END).calls().get(0));
    }

    @Test
    void rejectsAnEmptyDataSet() {
        assertThatThrownBy(() -> DemoDataGenerator.generate(1, 0, END)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyCallHasTheSegmentSpecCommonFields() {
        Set<String> types = Set.of("identify", "track", "page", "screen");
        assertThat(DATA.calls()).allSatisfy(call -> {
            Map<String, Object> message = call.message();
            assertThat(UUID.fromString(call.messageId()).version()).isEqualTo(4);
            assertThat(types).contains(call.type());
            assertThat(Instant.parse((String) message.get("timestamp"))).isEqualTo(call.timestamp());
            assertThat(message.get("anonymousId") != null || message.get("userId") != null).isTrue();
            Map<String, Object> library = map(map(message, "context"), "library");
            assertThat(library).containsKeys("name", "version");
            if ("track".equals(call.type())) {
                assertThat(message).containsKeys("event", "properties");
            }
        });
    }

    @Test
    void externalIdsFollowTheSegmentShape() {
        List<Map<String, Object>> externalIds = new ArrayList<>();
        for (Call call : DATA.calls()) {
            externalIds.addAll(list(map(call.message(), "context"), "externalIds"));
        }
        assertThat(externalIds).isNotEmpty().allSatisfy(externalId -> {
            assertThat(externalId).containsOnlyKeys("id", "type", "collection", "encoding");
            assertThat(externalId).containsEntry("collection", "users").containsEntry("encoding", "none");
            assertThat(externalId.get("type")).isIn("loyalty_card", "device_id");
        });
    }

    @Test
    void browserSessionsAreSeparatedByMoreThanThirtyMinutesOfInactivity() {
        Map<String, List<Instant>> byBrowser = new HashMap<>();
        DATA.calls().stream()
                .filter(call -> call.source() == Source.WEB && !"Email Link Clicked".equals(call.event()))
                .forEach(call -> byBrowser.computeIfAbsent((String) call.message().get("anonymousId"), id -> new ArrayList<>())
                        .add(call.timestamp()));
        int sessionBreaks = 0;
        for (List<Instant> times : byBrowser.values()) {
            for (int i = 1; i < times.size(); i++) {
                Duration gap = Duration.between(times.get(i - 1), times.get(i));
                assertThat(gap.compareTo(Duration.ofMinutes(10)) < 0 || gap.compareTo(Duration.ofMinutes(30)) > 0)
                        .as("gap %s is neither within a session nor a new session", gap).isTrue();
                sessionBreaks += gap.compareTo(Duration.ofMinutes(30)) > 0 ? 1 : 0;
            }
        }
        assertThat(sessionBreaks).isPositive();
    }

    @Test
    void signUpIdentifyTiesTheBrowserToUserIdAndEmail() {
        List<Call> signUps = DATA.calls().stream()
                .filter(call -> call.source() == Source.WEB && "identify".equals(call.type())).toList();

        assertThat(signUps).isNotEmpty().allSatisfy(call -> {
            assertThat(call.message()).containsKeys("userId", "anonymousId");
            assertThat((String) map(call.message(), "traits").get("email")).matches("[a-z.]+\\.\\d+@example\\.(com|org|net)");
        });
    }

    @Test
    void emailClicksComeFromAnotherDeviceWithOnlyTheEmailAndCampaign() {
        Set<String> signedUpBrowsers = new java.util.HashSet<>();
        DATA.calls().stream().filter(call -> "identify".equals(call.type()))
                .forEach(call -> signedUpBrowsers.add((String) call.message().get("anonymousId")));
        List<Call> clicks = DATA.calls().stream().filter(call -> "Email Link Clicked".equals(call.event())).toList();

        assertThat(clicks).isNotEmpty().allSatisfy(call -> {
            assertThat(call.message()).doesNotContainKey("userId");
            assertThat(signedUpBrowsers).doesNotContain((String) call.message().get("anonymousId"));
            Map<String, Object> context = map(call.message(), "context");
            assertThat(map(context, "traits")).containsKey("email");
            assertThat(map(context, "campaign")).containsEntry("medium", "email").containsKeys("name", "source");
        });
    }

    @Test
    void appCallsCarryTheirDeviceIdInContext() {
        List<Call> appCalls = DATA.calls().stream().filter(call -> call.source() == Source.APP).toList();

        assertThat(appCalls).isNotEmpty().allSatisfy(call -> {
            Map<String, Object> context = map(call.message(), "context");
            String deviceId = (String) map(context, "device").get("id");
            assertThat(list(context, "externalIds")).singleElement()
                    .satisfies(externalId -> assertThat(externalId).containsEntry("id", deviceId).containsEntry("type", "device_id"));
        });
        assertThat(appCalls).anySatisfy(call -> assertThat(call.type()).isEqualTo("screen"));
    }

    @Test
    void storePurchasesAreOrdersOnALoyaltyCardWithRevenueAndProducts() {
        List<Call> storeCalls = DATA.calls().stream().filter(call -> call.source() == Source.POS).toList();

        assertThat(storeCalls).isNotEmpty().allSatisfy(call -> {
            assertThat(call.event()).isEqualTo("Order Completed");
            Map<String, Object> properties = map(call.message(), "properties");
            assertThat(properties).containsKeys("order_id", "revenue", "total", "currency", "store_id");
            assertThat(list(properties, "products")).isNotEmpty();
            assertThat(list(map(call.message(), "context"), "externalIds")).singleElement()
                    .satisfies(externalId -> assertThat(externalId).containsEntry("type", "loyalty_card"));
        });
    }

    @Test
    void crmExportHasCrmIdsAndSomeMessyEmails() {
        assertThat(DATA.contacts()).isNotEmpty().allSatisfy(contact -> assertThat(contact.crmId()).startsWith("crm-"));
        assertThat(DATA.contacts()).anySatisfy(contact -> assertThat(contact.email()).startsWith("  "));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.getOrDefault(key, Map.of());
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        return (List<Map<String, Object>>) parent.getOrDefault(key, List.of());
    }
}
