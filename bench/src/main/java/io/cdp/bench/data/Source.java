package io.cdp.bench.data;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/** The demo's channels; each becomes one source with its own write key. */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public enum Source {
    WEB("web"), APP("app"), POS("pos"), CRM("crm");

    private final String sourceName;

    public String sourceName() {
        return sourceName;
    }
}
