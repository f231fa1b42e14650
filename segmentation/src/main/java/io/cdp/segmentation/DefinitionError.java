package io.cdp.segmentation;

/** One refused part of a definition: where (JSON path), which rule, and a readable message. */
public record DefinitionError(String path, String rule, String message) {

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
