package io.cdp.segmentation;

import java.util.List;
import java.util.stream.Collectors;

public class InvalidDefinitionsException extends RuntimeException {

    private final transient List<DefinitionError> errors;

    public InvalidDefinitionsException(List<DefinitionError> errors) {
        super(errors.stream().map(DefinitionError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<DefinitionError> errors() {
        return errors;
    }
}
