package io.cdp.activation.web;

class NotFoundException extends RuntimeException {

    NotFoundException(String what, String id) {
        super(what + " " + id + " does not exist");
    }
}
