package io.cdp.segmentation;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ValidationTest {

    private final Evaluator evaluator = Evaluator.create(Clock.systemUTC(), ZoneOffset.UTC);

    private List<DefinitionError> errors(String json) {
        return catchThrowableOfType(InvalidDefinitionsException.class, () -> evaluator.define(json)).errors();
    }

    @Test
    void reportsEveryBrokenRuleWithItsJsonPath() {
        List<DefinitionError> errors = errors("""
                {"segments": [{"id": "s", "condition": {"type": "and", "conditions": [
                  {"type": "trait", "key": "country", "op": "equals", "value": "DE"},
                  {"type": "trait", "key": "age", "op": "gt", "value": "forty"},
                  {"type": "metric", "metric": "lastSeen", "op": "gt", "value": 3},
                  {"type": "event", "event": "Order Completed", "frequency": "atLeast", "count": 2},
                  {"type": "trait", "key": "signup", "op": "withinLastDays", "value": 2.5},
                  {"type": "or", "conditions": []},
                  {"type": "segment", "segment": "missing"},
                  {"type": "trait", "key": "tags", "op": "in", "value": ["a", {"x": 1}]}
                ]}}]}
                """);

        assertThat(errors).extracting(DefinitionError::toString).containsExactly(
                "$.segments[0].condition.conditions[1].value: must be a number",
                "$.segments[0].condition.conditions[2].op: 'gt' does not apply to lastSeen",
                "$.segments[0].condition.conditions[3]: exactly one of withinDays or from/to is required",
                "$.segments[0].condition.conditions[4].value: must be a whole number of days from 0 to 36500",
                "$.segments[0].condition.conditions[5].conditions: must contain at least one condition",
                "$.segments[0].condition.conditions[6].segment: unknown segment 'missing'",
                "$.segments[0].condition.conditions[7].value[1]: must be a string, number or boolean");
        assertThat(errors).extracting(DefinitionError::rule).containsExactly(
                "value.number", "op.unsupported", "window.oneOf", "value.days", "group.notEmpty",
                "segment.unknown", "value.scalar");
    }

    @Test
    void reportsBrokenEventPropertyFiltersWithTheirJsonPath() {
        List<DefinitionError> errors = errors("""
                {"segments": [{"id": "s", "condition": {"type": "or", "conditions": [
                  {"type": "event", "event": "Order Completed", "frequency": "atLeast", "count": 1, "withinDays": 30,
                   "where": [{"property": "category", "op": "equals", "value": "shoes"},
                             {"property": "revenue", "op": "gt", "value": "100"},
                             {"property": "items..sku", "op": "exists"},
                             {"property": "placedAt", "op": "withinLastDays", "value": 3},
                             {"property": "tags", "op": "in", "value": []},
                             {"property": "gift", "op": "exists", "value": true}]},
                  {"type": "event", "event": "Order Completed", "frequency": "never", "withinDays": 30, "where": []}
                ]}}]}
                """);

        assertThat(errors).extracting(DefinitionError::toString).containsExactly(
                "$.segments[0].condition.conditions[0].where[1].value: must be a number",
                "$.segments[0].condition.conditions[0].where[2].property: must be a property name or a dotted path of names",
                "$.segments[0].condition.conditions[0].where[3].op: 'withinLastDays' does not apply to event properties",
                "$.segments[0].condition.conditions[0].where[4].value: must be a non-empty list",
                "$.segments[0].condition.conditions[0].where[5].value: must be absent for exists",
                "$.segments[0].condition.conditions[1].where: must contain at least one filter (or be left out)");
        assertThat(errors).extracting(DefinitionError::rule).containsExactly(
                "value.number", "property.path", "op.unsupported", "value.list", "value.absent", "where.notEmpty");
    }

    @Test
    void reportsUnknownConditionTypesWithTheirPath() {
        assertThat(errors("""
                {"segments": [{"id": "s", "condition": {"type": "and", "conditions": [
                  {"type": "hasEmail"}, {"type": "shell", "command": "rm -rf /"}]}}]}
                """)).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("$.segments[0].condition.conditions[1]");
            assertThat(e.rule()).isEqualTo("json");
        });
    }

    @Test
    void reportsUnknownOperatorsWithTheirPath() {
        assertThat(errors("""
                {"segments": [{"id": "s", "condition": {"type": "trait", "key": "age", "op": "greater", "value": 1}}]}
                """)).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("$.segments[0].condition.op");
            assertThat(e.rule()).isEqualTo("json");
        });
    }

    @Test
    void refusesBadIdsDuplicatesAndUnknownStages() {
        assertThat(errors("""
                {"segments": [{"id": "Bad Id", "condition": {"type": "hasEmail"}},
                              {"id": "ok", "condition": {"type": "hasEmail"}},
                              {"id": "ok", "condition": {"type": "hasEmail"}}],
                 "stages": [{"id": "purchase", "condition": {"type": "hasEmail"}}]}
                """)).extracting(DefinitionError::rule).containsExactly("id.pattern", "id.unique", "stage.unknown");
    }

    @Test
    void refusesLongerCyclesAndKeepsThePreviousDefinitions() {
        evaluator.define("""
                {"segments": [{"id": "kept", "condition": {"type": "hasEmail"}}]}""");

        assertThat(errors("""
                {"segments": [
                  {"id": "a", "condition": {"type": "segment", "segment": "b"}},
                  {"id": "b", "condition": {"type": "or", "conditions": [{"type": "hasEmail"}, {"type": "segment", "segment": "c"}]}},
                  {"id": "c", "condition": {"type": "not", "condition": {"type": "segment", "segment": "a"}}}
                ]}
                """)).singleElement().satisfies(e -> {
            assertThat(e.rule()).isEqualTo("segment.cycle");
            assertThat(e.message()).isEqualTo("cyclic segment reference a -> b -> c -> a");
        });
        assertThat(evaluator.definitions().segments()).extracting(SegmentDefinition::id).containsExactly("kept");
    }

    @Test
    void refusesAnOrOfFourThousandConditionsWithOneShortErrorBeforeAnyRuleIsGenerated() {
        InvalidDefinitionsException refused = catchThrowableOfType(InvalidDefinitionsException.class,
                () -> evaluator.define(segment(group("or", 4000, "{\"type\": \"hasEmail\"}"))));

        assertThat(refused.errors()).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("$.segments[0].condition");
            assertThat(e.rule()).isEqualTo("conditions.max");
        });
        assertThat(refused.getMessage()).hasSizeLessThan(200).doesNotContain("ProfileFacts");
    }

    @Test
    void refusesGroupsWiderThanAHundredAndTreesDeeperThanTen() {
        String deep = "{\"type\": \"hasEmail\"}";
        for (int i = 0; i < 10; i++) {
            deep = "{\"type\": \"not\", \"condition\": " + deep + "}";
        }

        assertThat(errors(segment(group("and", 101, "{\"type\": \"hasEmail\"}")))).singleElement()
                .satisfies(e -> assertThat(e.rule()).isEqualTo("group.maxSize"));
        assertThat(errors(segment(deep))).singleElement()
                .satisfies(e -> assertThat(e.rule()).isEqualTo("depth.max"));
    }

    @Test
    void acceptsTreesAtTheLimits() {
        String nineDeep = "{\"type\": \"hasEmail\"}";
        for (int i = 0; i < 9; i++) {
            nineDeep = "{\"type\": \"not\", \"condition\": " + nineDeep + "}";
        }
        String hundredWide = group("or", 100, "{\"type\": \"trait\", \"key\": \"country\", \"op\": \"equals\", \"value\": \"DE\"}");

        evaluator.define("{\"segments\": [{\"id\": \"deep\", \"condition\": " + nineDeep + "},"
                + " {\"id\": \"wide\", \"condition\": {\"type\": \"and\", \"conditions\": [" + hundredWide + ", "
                + group("or", 97, "{\"type\": \"hasEmail\"}") + "]}}]}");

        assertThat(evaluator.definitions().segments()).extracting(SegmentDefinition::id).containsExactly("deep", "wide");
    }

    @Test
    void refusesOverlongPropertiesKeysEventNamesAndValuesWithTheirPath() {
        String longText = "a.".repeat(50_000);
        List<DefinitionError> errors = errors(segment("{\"type\": \"and\", \"conditions\": ["
                + "{\"type\": \"event\", \"event\": \"Order Completed\", \"frequency\": \"atLeast\", \"count\": 1,"
                + " \"withinDays\": 30, \"where\": [{\"property\": \"" + longText + "x\", \"op\": \"exists\"}]},"
                + "{\"type\": \"trait\", \"key\": \"" + longText + "\", \"op\": \"exists\"},"
                + "{\"type\": \"event\", \"event\": \"" + longText + "\", \"frequency\": \"never\", \"withinDays\": 1},"
                + "{\"type\": \"trait\", \"key\": \"city\", \"op\": \"equals\", \"value\": \"" + longText + "\"}]}"));

        assertThat(errors).extracting(DefinitionError::path, DefinitionError::rule).containsExactly(
                org.assertj.core.groups.Tuple.tuple("$.segments[0].condition.conditions[0].where[0].property", "property.length"),
                org.assertj.core.groups.Tuple.tuple("$.segments[0].condition.conditions[1].key", "name.length"),
                org.assertj.core.groups.Tuple.tuple("$.segments[0].condition.conditions[2].event", "name.length"),
                org.assertj.core.groups.Tuple.tuple("$.segments[0].condition.conditions[3].value", "value.length"));
    }

    private static String segment(String condition) {
        return "{\"segments\": [{\"id\": \"s\", \"condition\": " + condition + "}]}";
    }

    private static String group(String type, int size, String child) {
        return "{\"type\": \"" + type + "\", \"conditions\": [" + String.join(", ", java.util.Collections.nCopies(size, child)) + "]}";
    }
}
