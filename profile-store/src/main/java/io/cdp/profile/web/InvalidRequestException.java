package io.cdp.profile.web;

/** A request parameter broke a rule; both are named in the 400 response. */
public class InvalidRequestException extends RuntimeException {

    private final String field;
    private final String rule;

    public InvalidRequestException(String field, String rule) {
        super(field + " " + rule);
        this.field = field;
        this.rule = rule;
    }

    public String field() {
        return field;
    }

    public String rule() {
        return rule;
    }
}
