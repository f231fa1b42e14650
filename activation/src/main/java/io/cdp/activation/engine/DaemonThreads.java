package io.cdp.activation.engine;

import java.util.concurrent.ThreadFactory;

/** The engine's own threads: daemons, so that none keeps the JVM alive, named for thread dumps. */
final class DaemonThreads {

    private DaemonThreads() {
    }

    /** Every thread it makes is called {@code name}. */
    static ThreadFactory named(String name) {
        return r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
