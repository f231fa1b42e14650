package io.cdp.segmentation.catalog;

import io.cdp.segmentation.Condition;
import io.cdp.segmentation.SegmentDefinition;

/**
 * A definition as sent to the API: the definition language's fields plus, for personas and
 * stages, the position in the first-match-wins order.
 */
public record DefinitionRequest(String id, String name, Condition condition, String drl, Integer position) {

    SegmentDefinition definition(String pathId) {
        return new SegmentDefinition(pathId, name, condition, drl);
    }
}
