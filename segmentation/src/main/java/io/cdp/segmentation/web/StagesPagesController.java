package io.cdp.segmentation.web;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import lombok.RequiredArgsConstructor;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import io.cdp.segmentation.catalog.DefinitionCatalog;
import io.cdp.segmentation.catalog.DefinitionCatalog.Current;
import io.cdp.segmentation.catalog.Kind;
import io.cdp.segmentation.store.MembershipStore;
import io.cdp.segmentation.store.MembershipStore.CountedBy;

/** Personas and journey stages: the two ordered rule lists (first match wins) with how many people each holds. */
@Controller
@RequiredArgsConstructor
class StagesPagesController {

    private final DefinitionCatalog catalog;
    private final MembershipStore memberships;

    /** One rule of an ordered list: its place, definition in words and the people it holds now. */
    record Rule(int place, Current current, String words, long count) {
    }

    @GetMapping("/stages")
    String stages(Model model) {
        model.addAttribute("personas", rules(Kind.PERSONAS, memberships.countsBy(CountedBy.PERSONA)));
        model.addAttribute("stages", rules(Kind.STAGES, memberships.countsBy(CountedBy.STAGE)));
        return "stages/list";
    }

    private List<Rule> rules(Kind kind, Map<String, Long> counts) {
        List<Current> list = catalog.list(kind);
        return IntStream.range(0, list.size()).mapToObj(i -> new Rule(i + 1, list.get(i),
                ConditionWords.sentence(list.get(i).definition().condition()),
                counts.getOrDefault(list.get(i).definition().id(), 0L))).toList();
    }
}
