package io.cdp.segmentation.drl;

import io.cdp.segmentation.Condition;
import io.cdp.segmentation.ProfileFacts;
import org.kie.api.KieBase;
import org.kie.api.runtime.KieSession;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** An immutable, thread-safe rule base; every evaluation uses its own short-lived session. */
public final class CompiledRules {

    private final KieBase kieBase;
    private final Constants constants;
    private final List<String> keys;
    private final Set<Condition.EventSelection> eventSelections;

    CompiledRules(KieBase kieBase, Constants constants, List<String> keys,
                  Set<Condition.EventSelection> eventSelections) {
        this.kieBase = kieBase;
        this.constants = constants;
        this.keys = List.copyOf(keys);
        this.eventSelections = Collections.unmodifiableSet(new LinkedHashSet<>(eventSelections));
    }

    /** The distinct selections of the filtered event conditions: their counts must be in the facts. */
    public Set<Condition.EventSelection> eventSelections() {
        return eventSelections;
    }

    /** The keys of the rules that matched, in rule order. */
    public Set<String> matches(ProfileFacts facts, Instant now, ZoneId zone) {
        EvaluationContext context = new EvaluationContext(now, zone);
        KieSession session = kieBase.newKieSession();
        try {
            session.setGlobal("k", constants);
            session.setGlobal("ctx", context);
            session.insert(facts);
            session.fireAllRules();
        } finally {
            session.dispose();
        }
        Set<String> matched = new LinkedHashSet<>();
        context.matched().stream().forEach(i -> matched.add(keys.get(i)));
        return matched;
    }
}
