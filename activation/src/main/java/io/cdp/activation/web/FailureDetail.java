package io.cdp.activation.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Failure reasons name what the remote end answered (HTTP 404, smtp 550): marketers need that to
 * fix a destination. Viewers see only whether a failure was transient or permanent, so that the
 * delivery log does not tell them what answers at an address.
 */
final class FailureDetail {

    private FailureDetail() {
    }

    /** Without a signed-in user (the module without the app's security) there is nobody to hide it from. */
    static boolean shownTo(HttpServletRequest request) {
        return request.getUserPrincipal() == null || request.isUserInRole("MARKETER");
    }

    /** The reason as a viewer sees it: the failure's kind from the classifier's reason, other reasons as they are. */
    static String forViewer(String reason) {
        if (reason != null && (reason.startsWith("transient ") || reason.startsWith("permanent "))) {
            return reason.substring(0, reason.indexOf(' ')) + " failure";
        }
        return reason;
    }
}
