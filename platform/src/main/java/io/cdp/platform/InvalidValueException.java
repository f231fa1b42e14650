package io.cdp.platform;

import lombok.Getter;

/** A value broke a validation rule; carries the field and the rule for an RFC 9457 problem. */
@Getter
public class InvalidValueException extends IllegalArgumentException {

    private final String field;
    private final String rule;

    public InvalidValueException(String field, String rule, String message) {
        super(message);
        this.field = field;
        this.rule = rule;
    }
}
