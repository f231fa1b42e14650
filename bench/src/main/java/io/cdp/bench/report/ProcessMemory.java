package io.cdp.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** A process's resident memory from Linux's {@code /proc/<pid>/status}. */
public final class ProcessMemory {

    private ProcessMemory() {
    }

    /** VmHWM: the peak resident set size the kernel recorded for the process, in bytes. */
    public static OptionalLong peakRssBytes(long pid) {
        try {
            return parseKilobytes(Files.readString(Path.of("/proc", Long.toString(pid), "status")), "VmHWM");
        } catch (IOException notLinuxOrGone) {
            return OptionalLong.empty();
        }
    }

    static OptionalLong parseKilobytes(String status, String field) {
        for (String line : status.split("\n")) {
            if (line.startsWith(field + ":")) {
                String[] parts = line.substring(field.length() + 1).trim().split("\\s+");
                return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
            }
        }
        return OptionalLong.empty();
    }
}
