package io.cdp.segmentation.catalog;

/** Why a change to the catalog was refused, beyond invalid definitions. */
public final class CatalogExceptions {

    private CatalogExceptions() {
    }

    /** Raw DRL is code execution: only admins may submit it. */
    public static final class RawDrlForbidden extends RuntimeException {
        RawDrlForbidden() {
            super("raw DRL definitions may only be saved by admins");
        }
    }

    /** Another save took this version first: reload and retry. */
    public static final class VersionConflict extends RuntimeException {
        VersionConflict(String key, long version) {
            super("version " + version + " of " + key + " was saved concurrently");
        }
    }

    public static final class DefinitionNotFound extends RuntimeException {
        DefinitionNotFound(String key) {
            super("no definition " + key);
        }
    }
}
