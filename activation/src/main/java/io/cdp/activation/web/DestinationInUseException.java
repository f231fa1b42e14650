package io.cdp.activation.web;

import java.net.URI;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A destination that activations still send to cannot be deleted (409): they would stop without a word. */
class DestinationInUseException extends ErrorResponseException {

    DestinationInUseException(String destinationId, List<String> activationNames) {
        super(HttpStatus.CONFLICT, ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "destination " + destinationId
                + " is used by " + activationNames.size() + (activationNames.size() == 1 ? " activation" : " activations")
                + " (" + String.join(", ", activationNames) + "): delete them or point them elsewhere first"), null);
        getBody().setType(URI.create("urn:cdp:problem:activation:destination-in-use"));
        getBody().setTitle("Destination in use");
        getBody().setProperty("field", "destinationId");
        getBody().setProperty("rule", "inUse");
        getBody().setProperty("activations", activationNames);
    }
}
