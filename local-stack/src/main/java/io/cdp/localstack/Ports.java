package io.cdp.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for servers started by tests, chosen outside the kernel's ephemeral range. A port the kernel
 * hands out for {@code new ServerSocket(0)} comes from the range it also takes the local ports of outgoing
 * connections from, so between the check and a server's bind a minute later (Elasticsearch and Kafka start first)
 * any client connection could take it: an app found its port in use.
 */
public final class Ports {

    /** The lowest port handed out: well above the ports services register. */
    static final int LOWEST = 10_000;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** Handed out by this JVM: a port chosen but not yet bound would pass the check again. */
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private Ports() {
    }

    public static synchronized int free() {
        int[] ephemeral = ephemeralRange();
        boolean below = ephemeral[0] - LOWEST >= 1_000;
        int from = below ? LOWEST : ephemeral[1] + 1;
        int to = below ? ephemeral[0] : 65_536;
        for (int attempt = 0; attempt < 1_000 && from < to; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(from, to);
            if (!HANDED_OUT.contains(port) && bindable(port)) {
                HANDED_OUT.add(port);
                return port;
            }
        }
        throw new IllegalStateException("no free port in [" + from + ", " + to + ") outside the ephemeral range");
    }

    /** The kernel's ephemeral port range; Linux's default where it cannot be read. */
    static int[] ephemeralRange() {
        try {
            String[] bounds = Files.readString(EPHEMERAL_RANGE).trim().split("\\s+");
            return new int[] {Integer.parseInt(bounds[0]), Integer.parseInt(bounds[1])};
        } catch (IOException | RuntimeException unreadable) {
            return new int[] {32_768, 60_999};
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }
}
