package io.cdp.activation.web;

import java.util.List;

import io.cdp.activation.store.SyncDeadLetter;
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

    /** The sync dead letters as the signed-in user may see them. */
    static List<SyncDeadLetter> shown(HttpServletRequest request, List<SyncDeadLetter> letters) {
        boolean detail = shownTo(request);
        return letters.stream().map(l -> detail ? l : new SyncDeadLetter(l.id(), l.activationId(), l.adds(),
                l.removes(), forViewer(l.reason()), l.at())).toList();
    }
}
