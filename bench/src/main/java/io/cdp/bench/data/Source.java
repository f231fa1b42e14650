package io.cdp.bench.data;

/** The demo's channels; each becomes one source with its own write key. */
public enum Source {
    WEB("web"), APP("app"), POS("pos"), CRM("crm");

    private final String sourceName;

    Source(String sourceName) {
        this.sourceName = sourceName;
    }

    public String sourceName() {
        return sourceName;
    }
}
