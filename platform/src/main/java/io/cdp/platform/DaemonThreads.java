package io.cdp.platform;

import java.util.concurrent.ThreadFactory;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Threads the modules start for their own background work: daemons, so that none keeps a JVM alive (the import
 * command ends when its work does), named {@code prefix} and a number, so that thread dumps and profiles say whose
 * they are.
 */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    public static ThreadFactory named(String prefix) {
        CustomizableThreadFactory threads = new CustomizableThreadFactory(prefix);
        threads.setDaemon(true);
        return threads;
    }
}
