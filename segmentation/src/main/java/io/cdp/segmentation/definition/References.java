package io.cdp.segmentation.definition;

import io.cdp.segmentation.Condition;

import java.util.LinkedHashSet;
import java.util.Set;

/** The segments a condition tree refers to. */
public final class References {

    private References() {
    }

    public static Set<String> of(Condition condition) {
        Set<String> ids = new LinkedHashSet<>();
        collect(condition, ids);
        return ids;
    }

    private static void collect(Condition condition, Set<String> ids) {
        if (condition instanceof Condition.And and) {
            and.conditions().forEach(c -> collect(c, ids));
        } else if (condition instanceof Condition.Or or) {
            or.conditions().forEach(c -> collect(c, ids));
        } else if (condition instanceof Condition.Not not) {
            collect(not.condition(), ids);
        } else if (condition instanceof Condition.InSegment in) {
            ids.add(in.segment());
        }
    }
}
