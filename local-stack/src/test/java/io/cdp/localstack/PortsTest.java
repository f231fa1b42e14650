package io.cdp.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void handsOutDistinctBindablePortsThatOutgoingConnectionsCannotTake() throws IOException {
        int[] ephemeral = Ports.ephemeralRange();
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = Ports.free();
            assertThat(port).isGreaterThanOrEqualTo(Ports.LOWEST)
                    .matches(p -> p < ephemeral[0] || p > ephemeral[1], "outside the ephemeral range " + ephemeral[0]
                            + "–" + ephemeral[1]);
            ports.add(port);
        }
        assertThat(ports).hasSize(50);
        int port = ports.iterator().next();
        try (ServerSocket server = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(server.getLocalPort()).isEqualTo(port);
        }
    }
}
