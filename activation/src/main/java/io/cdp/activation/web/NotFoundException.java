package io.cdp.activation.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

class NotFoundException extends ErrorResponseException {

    NotFoundException(String what, String id) {
        super(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                what + " " + id + " does not exist"), null);
        getBody().setTitle("Not found");
    }
}
