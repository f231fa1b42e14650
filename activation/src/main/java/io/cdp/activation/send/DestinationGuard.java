package io.cdp.activation.send;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

import io.cdp.activation.domain.Destination;
import io.cdp.activation.domain.DestinationKind;
import io.cdp.platform.InvalidValueException;

/**
 * Where destinations may send: the one rule against server-side request forgery, applied when a
 * destination is saved and again on the address of every connection (so a name that resolves
 * elsewhere later, DNS rebinding, gains nothing).
 *
 * <p>Refused: loopback, link-local (cloud metadata at 169.254.169.254), private, unique-local and
 * shared (CGNAT) networks, unspecified and multicast addresses, IPv4 addresses written as IPv6
 * (::ffff:127.0.0.1), unless the operator's allow-list of networks covers them; the platform's own
 * Elasticsearch and Kafka endpoints always, allow-list or not. {@code allowedEndpoints} are single
 * host:port pairs allowed although their network is not (the local mail catcher of ./cdp start).
 * Kafka destinations may not write to the platform's own topics ({@code cdp.*}, Kafka's {@code __*}).
 */
public final class DestinationGuard {

    /** Resolves a name to all its addresses; the JDK's resolver in production. */
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final List<Network> allowedNetworks;
    private final List<InetSocketAddress> platformEndpoints;
    private final Supplier<List<InetSocketAddress>> allowedEndpoints;
    private final Set<String> platformTopics;
    private final Resolver resolver;

    /**
     * @param allowedNetworks   CIDR blocks ({@code 10.1.0.0/16}, {@code 127.0.0.1}, {@code fd00::/8}) the operator allows
     * @param platformEndpoints the platform's own Elasticsearch and Kafka (unresolved host and port)
     * @param allowedEndpoints  single endpoints allowed besides, read at each check
     * @param platformTopics    topic names of the platform beyond the {@code cdp.} prefix
     */
    public DestinationGuard(List<String> allowedNetworks, List<InetSocketAddress> platformEndpoints,
            Supplier<List<InetSocketAddress>> allowedEndpoints, Set<String> platformTopics, Resolver resolver) {
        this.allowedNetworks = allowedNetworks.stream().map(Network::parse).toList();
        this.platformEndpoints = List.copyOf(platformEndpoints);
        this.allowedEndpoints = allowedEndpoints;
        this.platformTopics = Set.copyOf(platformTopics);
        this.resolver = resolver;
    }

    /** Why a connection to this address and port is refused; null when it is allowed. */
    public String refusal(InetAddress address, int port) {
        InetAddress a = unmapped(address);
        if (matches(platformEndpoints, a, port)) {
            return "the platform's own Elasticsearch or Kafka";
        }
        if (matches(allowedEndpoints.get(), a, port) || allowedNetworks.stream().anyMatch(n -> n.contains(a))) {
            return null;
        }
        byte[] b = a.getAddress();
        if (a.isAnyLocalAddress() || a instanceof Inet4Address && b[0] == 0) {
            return "an unspecified address";
        }
        if (a.isLoopbackAddress()) {
            return "a loopback address";
        }
        if (a.isLinkLocalAddress()) {
            return "a link-local address";
        }
        if (a.isSiteLocalAddress() || a instanceof Inet6Address && (b[0] & 0xfe) == 0xfc
                || a instanceof Inet4Address && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64) {
            return "a private address";
        }
        if (a.isMulticastAddress() || a instanceof Inet4Address && Arrays.equals(b, new byte[] {-1, -1, -1, -1})) {
            return "a multicast or broadcast address";
        }
        return null;
    }

    /** Refuses a connection about to be made to this (resolved) address. */
    public void check(InetSocketAddress target) throws RefusedAddressException {
        if (target.getAddress() == null) {
            throw new RefusedAddressException("an unresolved address");
        }
        String refusal = refusal(target.getAddress(), target.getPort());
        if (refusal != null) {
            throw new RefusedAddressException(refusal);
        }
    }

    /** Every address of {@code host}, all of them allowed: refused when any is not. */
    public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (InetAddress address : resolver.resolve(host)) {
            InetSocketAddress target = new InetSocketAddress(address, port);
            check(target);
            addresses.add(target);
        }
        return addresses;
    }

    /** Whether the topic is the platform's own. */
    public boolean platformTopic(String topic) {
        return topic.startsWith("cdp.") || topic.startsWith("__") || platformTopics.contains(topic);
    }

    /**
     * The save-time check: every address the destination names resolves only to allowed
     * addresses, a Kafka destination names no platform topic. The field and rule go into the 400.
     */
    public void validate(Destination destination) {
        destination.settings().forEach((key, value) -> {
            if (Destination.URL_SETTINGS.contains(key)) {
                URI uri;
                try {
                    uri = URI.create(value);
                } catch (IllegalArgumentException e) {
                    throw new InvalidValueException("settings." + key, "httpUrl", key + " must be an http(s) URL");
                }
                int port = uri.getPort() >= 0 ? uri.getPort()
                        : "https".equals(uri.getScheme().toLowerCase(Locale.ROOT)) ? 443 : 80;
                allowed("settings." + key, uri.getHost(), port);
            }
        });
        if (destination.kind() == DestinationKind.EMAIL) {
            allowed("settings.host", destination.setting("host"), smtpPort(destination.setting("port")));
        }
        if (destination.kind() == DestinationKind.KAFKA && platformTopic(destination.setting("topic"))) {
            throw new InvalidValueException("settings.topic", "notPlatformTopic",
                    "a Kafka destination cannot write to the platform's own topics (cdp.*, __*)");
        }
    }

    private static int smtpPort(String port) {
        try {
            int value = Integer.parseInt(port.trim());
            if (value > 0 && value < 65536) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // refused below like any other out-of-range port
        }
        throw new InvalidValueException("settings.port", "port", "port is a number from 1 to 65535");
    }

    private void allowed(String field, String host, int port) {
        if (host == null || host.isBlank()) {
            throw new InvalidValueException(field, "host", field + " needs a host");
        }
        try {
            resolve(host, port);
        } catch (RefusedAddressException e) {
            throw new InvalidValueException(field, "allowedAddress", field + " resolves to " + e.getMessage()
                    + ", which destinations may not reach (an operator can allow networks with "
                    + "cdp.activation.allowed-networks)");
        } catch (UnknownHostException e) {
            throw new InvalidValueException(field, "resolvable", field + " names a host that does not resolve");
        }
    }

    private boolean matches(List<InetSocketAddress> endpoints, InetAddress address, int port) {
        for (InetSocketAddress endpoint : endpoints) {
            if (endpoint.getPort() != port) {
                continue;
            }
            try {
                for (InetAddress candidate : resolver.resolve(endpoint.getHostString())) {
                    if (unmapped(candidate).equals(address)) {
                        return true;
                    }
                }
            } catch (UnknownHostException unresolvable) {
                // an endpoint that does not resolve cannot be connected to either
            }
        }
        return false;
    }

    /** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), -compatible (::a.b.c.d) or NAT64 IPv6 address. */
    static InetAddress unmapped(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] b = address.getAddress();
        boolean mapped = allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = allZero(b, 0, 12) && !allZero(b, 12, 16);
        boolean nat64 = b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                && allZero(b, 4, 12);
        if (!mapped && !nat64 && !(compatible && !(allZero(b, 12, 15) && b[15] == 1))) {
            return address;
        }
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16));
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException("four bytes are an IPv4 address", impossible);
        }
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** A CIDR block of the allow-list. */
    record Network(byte[] base, int prefix) {

        static Network parse(String cidr) {
            String[] parts = cidr.trim().split("/", 2);
            if (!parts[0].matches("[0-9A-Fa-f:.]+")) {
                throw new IllegalArgumentException("cdp.activation.allowed-networks takes IP addresses and CIDR "
                        + "blocks, not host names: " + cidr);
            }
            try {
                byte[] base = unmapped(InetAddress.getByName(parts[0])).getAddress();
                int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : base.length * 8;
                if (prefix < 0 || prefix > base.length * 8) {
                    throw new IllegalArgumentException("prefix out of range in " + cidr);
                }
                return new Network(base, prefix);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("not a CIDR block: " + cidr, e);
            }
        }

        boolean contains(InetAddress address) {
            byte[] b = address.getAddress();
            if (b.length != base.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (b[i] != base[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            return rest == 0 || ((b[full] ^ base[full]) & (0xff << (8 - rest)) & 0xff) == 0;
        }
    }

    /** A connection refused by the rule: never retried, the destination has to change. */
    public static final class RefusedAddressException extends UnknownHostException {

        RefusedAddressException(String what) {
            super(what);
        }
    }
}
