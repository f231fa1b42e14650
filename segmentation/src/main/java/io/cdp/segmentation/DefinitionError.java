package io.cdp.segmentation;

/** One refused part of a definition: where (JSON path), which rule, and a readable message. */
public record DefinitionError(String path, String rule, String message) {

    /**
     * This error with its path made relative to {@code root} (e.g. {@code $.segments[3]}) when it lies
     * inside it, so that an API caller who sent only that definition sees paths into their own body.
     */
    public DefinitionError relativeTo(String root) {
        if (path.equals(root) || path.startsWith(root + ".") || path.startsWith(root + "[")) {
            return new DefinitionError("$" + path.substring(root.length()), rule, message);
        }
        return this;
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
