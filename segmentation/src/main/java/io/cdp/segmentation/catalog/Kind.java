package io.cdp.segmentation.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.cdp.segmentation.Definitions;
import io.cdp.segmentation.SegmentDefinition;

/** The three lists of the definition language, named as in its JSON and in the API paths. */
public enum Kind {
    SEGMENTS, PERSONAS, STAGES;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Kind of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }

    List<SegmentDefinition> of(Definitions definitions) {
        return switch (this) {
            case SEGMENTS -> definitions.segments();
            case PERSONAS -> definitions.personas();
            case STAGES -> definitions.stages();
        };
    }

    Definitions with(Definitions definitions, List<SegmentDefinition> list) {
        List<SegmentDefinition> copy = new ArrayList<>(list);
        return switch (this) {
            case SEGMENTS -> new Definitions(copy, definitions.personas(), definitions.stages());
            case PERSONAS -> new Definitions(definitions.segments(), copy, definitions.stages());
            case STAGES -> new Definitions(definitions.segments(), definitions.personas(), copy);
        };
    }
}
