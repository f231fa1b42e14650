package io.cdp.segmentation.web;

class InvalidParameterException extends RuntimeException {
    private final String field;
    private final String rule;

    InvalidParameterException(String field, String rule, String message) {
        super(message);
        this.field = field;
        this.rule = rule;
    }

    String field() {
        return field;
    }

    String rule() {
        return rule;
    }
}
