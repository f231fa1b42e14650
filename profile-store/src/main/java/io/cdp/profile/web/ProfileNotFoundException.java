package io.cdp.profile.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No live profile for an id or identifier (404); erased profiles are not found either. */
class ProfileNotFoundException extends ErrorResponseException {

    ProfileNotFoundException(String what) {
        super(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no profile for " + what),
                null);
        getBody().setTitle("Profile not found");
    }
}
