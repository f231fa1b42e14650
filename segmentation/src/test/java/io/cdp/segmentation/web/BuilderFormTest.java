package io.cdp.segmentation.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.cdp.segmentation.Condition;
import io.cdp.segmentation.DefinitionError;
import io.cdp.segmentation.SegmentDefinition;
import io.cdp.segmentation.catalog.DefinitionCatalog;
import io.cdp.segmentation.catalog.Kind;
import io.cdp.segmentation.definition.DefinitionJson;

class BuilderFormTest {

    private static final String NESTED = """
            {"type": "and", "conditions": [
              {"type": "trait", "key": "country", "op": "in", "value": ["ES", "DE"]},
              {"type": "not", "condition": {"type": "or", "conditions": [
                {"type": "event", "event": "Order Completed", "where": [{"property": "shipping.country", "op": "equals", "value": "30"}],
                 "frequency": "atLeast", "count": 2, "withinDays": 30},
                {"type": "event", "event": "Refund", "frequency": "never", "from": "2026-01-01", "to": "2026-02-01"}]}},
              {"type": "metric", "metric": "revenue", "op": "gte", "value": 100.5},
              {"type": "segment", "segment": "vip"},
              {"type": "consent", "channel": "email"},
              {"type": "not", "condition": {"type": "identity", "state": "anonymous"}},
              {"type": "hasEmail"}]}""";

    @Test
    void everyConditionTypeSurvivesTheWayThroughTheFormUnchanged() {
        Condition condition = DefinitionJson.read(NESTED, Condition.class);
        BuilderForm form = form(condition);

        BuilderForm.Draft draft = form.draft("x");

        assertThat(draft.errors()).isEmpty();
        assertThat(draft.request().condition()).isEqualTo(condition);
    }

    @Test
    void aTextThatReadsAsANumberStaysTextWhenQuotedAndNumbersAreNumbers() {
        assertThat(BuilderNode.value("equals", "\"30\"")).isEqualTo("30");
        assertThat(BuilderNode.value("equals", "30")).isEqualTo(30L);
        assertThat(BuilderNode.value("in", "ES, DE ,")).isEqualTo(List.of("ES", "DE"));
        assertThat(BuilderNode.value("exists", "anything")).isNull();
        assertThat(BuilderNode.text("30")).isEqualTo("\"30\"");
    }

    @Test
    void buttonsAddAndRemoveConditionsGroupsAndFiltersWhereTheyPoint() {
        BuilderForm form = BuilderForm.blank();
        form.setAction("add-group:");
        form.applyStructural();
        form.setAction("add-condition:1");
        form.applyStructural();
        assertThat(form.getRoot().getChildren()).hasSize(2);
        assertThat(form.getRoot().at("1").getChildren()).hasSize(2);
        assertThat(form.getRoot().at("1").getJoin()).isEqualTo("or");

        form.getRoot().at("1.0").setKind("event");
        form.setAction("add-filter:1.0");
        form.applyStructural();
        assertThat(form.getRoot().at("1.0").getFilters()).hasSize(1);
        form.setAction("remove-filter:1.0:0");
        form.applyStructural();
        assertThat(form.getRoot().at("1.0").getFilters()).isEmpty();

        form.setAction("remove:1.1");
        form.applyStructural();
        assertThat(form.getRoot().at("1").getChildren()).hasSize(1);
        form.setAction("save");
        assertThat(form.applyStructural()).isFalse();
    }

    @Test
    void afterEachButtonTheFocusGoesToWhatWasAddedOrToWhatFollowsWhatWasRemoved() {
        BuilderForm form = BuilderForm.blank();
        assertThat(focusAfter(form, "add-group:")).isEqualTo("kind-1-0");
        assertThat(focusAfter(form, "add-condition:1")).isEqualTo("kind-1-1");
        assertThat(focusAfter(form, "add-condition:")).isEqualTo("kind-2");
        form.getRoot().at("1.0").setKind("event");
        assertThat(focusAfter(form, "add-filter:1.0")).isEqualTo("fkey-1-0-0");
        assertThat(focusAfter(form, "add-filter:1.0")).isEqualTo("fkey-1-0-1");
        assertThat(focusAfter(form, "remove-filter:1.0:0")).isEqualTo("fkey-1-0-0");
        assertThat(focusAfter(form, "remove-filter:1.0:0")).isEqualTo("add-filter-1-0");
        // the line after a removed one moves up into its place; after the last one, the group's "+ Condition"
        assertThat(focusAfter(form, "remove:1.0")).isEqualTo("kind-1-0");
        assertThat(focusAfter(form, "remove:1.0")).isEqualTo("add-condition-1");
        assertThat(focusAfter(form, "remove:0")).isEqualTo("join-0");
        assertThat(focusAfter(form, "refresh:")).isNull();
    }

    private static String focusAfter(BuilderForm form, String action) {
        form.setAction(action);
        form.applyStructural();
        return form.getFocus();
    }

    @Test
    void theApisErrorsLandOnTheConditionTheyNameAndTheFormsOwnFields() {
        Condition condition = DefinitionJson.read(NESTED, Condition.class);
        BuilderForm form = form(condition);
        BuilderForm.Draft draft = form.draft("x");

        List<String> elsewhere = form.place(List.of(
                new DefinitionError("$.condition.conditions[1].condition.conditions[0].where[0].value", "value.number",
                        "must be a number"),
                new DefinitionError("$.condition.conditions[5].condition.state", "required", "must be known or anonymous"),
                new DefinitionError("$.name", "name.length", "must have at most 200 characters"),
                new DefinitionError("$.segments[4].condition", "segment.cycle", "cycle")), draft.nodes());

        assertThat(form.getRoot().at("1.0").getProblems()).containsExactly("Filter 1 value: must be a number");
        assertThat(form.getRoot().at("5").getProblems()).containsExactly("State: must be known or anonymous");
        assertThat(form.getProblems()).containsEntry("name", "must have at most 200 characters");
        assertThat(elsewhere).containsExactly("cycle");
    }

    @Test
    void aDefinitionReadsAsASentence() {
        assertThat(ConditionWords.sentence(DefinitionJson.read(NESTED, Condition.class))).isEqualTo(
                "People whose trait country is one of ES, DE and who do not match (who performed Order Completed where"
                        + " shipping.country equals \"30\" at least 2 times in the last 30 days or who never performed"
                        + " Refund between 2026-01-01 and 2026-02-01) and whose revenue is at least 100.5 and who are"
                        + " in segment vip and who consented to email and who do not match (who are anonymous) and who"
                        + " have an email address.");
    }

    private static BuilderForm form(Condition condition) {
        return BuilderForm.of(new DefinitionCatalog.Current(Kind.SEGMENTS, SegmentDefinition.of("x", "X", condition), 1,
                null));
    }
}
