package io.cdp.segmentation.catalog;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Why a change to the catalog was refused, beyond invalid definitions; each is its own problem detail. */
final class CatalogExceptions {

    private CatalogExceptions() {
    }

    /** Raw DRL is code execution: only admins may submit it (403). */
    public static final class RawDrlForbidden extends ErrorResponseException {
        RawDrlForbidden() {
            super(HttpStatus.FORBIDDEN, ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
                    "raw DRL definitions may only be saved by admins"), null);
            getBody().setTitle("Raw DRL is admin only");
            getBody().setProperty("field", "$.drl");
            getBody().setProperty("rule", "drl.adminOnly");
        }
    }

    /** Another save took this version first: reload and retry (409). */
    public static final class VersionConflict extends ErrorResponseException {
        VersionConflict(String key, long version) {
            super(HttpStatus.CONFLICT, ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                    "version " + version + " of " + key + " was saved concurrently"), null);
            getBody().setTitle("Saved concurrently");
        }
    }

    public static final class DefinitionNotFound extends ErrorResponseException {
        DefinitionNotFound(String key) {
            super(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                    "no definition " + key), null);
            getBody().setTitle("Not found");
        }
    }
}
