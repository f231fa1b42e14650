package io.cdp.activation.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.cdp.activation.domain.Destination;
import io.cdp.activation.domain.DestinationKind;
import io.cdp.platform.InvalidValueException;

class DestinationGuardTest {

    /** es.internal and kafka.internal are the platform's own; rebind.example first public, then loopback. */
    private final Map<String, String[]> dns = new java.util.HashMap<>(Map.of(
            "es.internal", new String[] {"10.0.0.5"}, "kafka.internal", new String[] {"10.0.0.6"},
            "hooks.example", new String[] {"93.184.216.34"}, "mixed.example", new String[] {"93.184.216.34", "10.1.2.3"}));

    private DestinationGuard guard(List<String> allowedNetworks) {
        return new DestinationGuard(allowedNetworks,
                List.of(InetSocketAddress.createUnresolved("es.internal", 9200),
                        InetSocketAddress.createUnresolved("kafka.internal", 9092)),
                () -> List.of(InetSocketAddress.createUnresolved("127.0.0.1", 3025)), Set.of("events-renamed"),
                host -> {
                    String[] names = dns.get(host);
                    if (names == null) {
                        return InetAddress.getAllByName(host);
                    }
                    InetAddress[] out = new InetAddress[names.length];
                    for (int i = 0; i < names.length; i++) {
                        out[i] = InetAddress.getByName(names[i]);
                    }
                    return out;
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "::1", "169.254.169.254", "fe80::1", "10.0.0.1", "172.16.0.1",
            "172.31.255.255", "192.168.1.1", "fc00::1", "fd12:3456::1", "0.0.0.0", "::", "100.64.0.1", "224.0.0.1",
            "255.255.255.255"})
    void refusesLoopbackLinkLocalPrivateUnspecifiedAndMulticastAddresses(String address) throws Exception {
        assertThat(guard(List.of()).refusal(InetAddress.getByName(address), 80)).isNotNull();
    }

    @Test
    void refusesIpv4AddressesWrittenAsIpv6() throws Exception {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 127, 0, 0, 1};
        // Inet6Address keeps the IPv6 form that InetAddress.getByName would turn into an Inet4Address
        assertThat(guard(List.of()).refusal(Inet6Address.getByAddress(null, mapped, null), 80))
                .isEqualTo("a loopback address");
        assertThat(guard(List.of()).refusal(InetAddress.getByName("::ffff:169.254.169.254"), 80))
                .isEqualTo("a link-local address");
        assertThat(guard(List.of()).refusal(InetAddress.getByName("64:ff9b::a00:1"), 80))
                .isEqualTo("a private address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "172.32.0.1", "2606:4700::1111"})
    void allowsPublicAddresses(String address) throws Exception {
        assertThat(guard(List.of()).refusal(InetAddress.getByName(address), 443)).isNull();
    }

    @Test
    void theAllowListOpensItsNetworksOnly() throws Exception {
        DestinationGuard guard = guard(List.of("127.0.0.1", "10.20.0.0/16", "fd00::/8"));

        assertThat(guard.refusal(InetAddress.getByName("127.0.0.1"), 8080)).isNull();
        assertThat(guard.refusal(InetAddress.getByName("127.0.0.2"), 8080)).isEqualTo("a loopback address");
        assertThat(guard.refusal(InetAddress.getByName("10.20.255.1"), 443)).isNull();
        assertThat(guard.refusal(InetAddress.getByName("10.21.0.1"), 443)).isEqualTo("a private address");
        assertThat(guard.refusal(InetAddress.getByName("fd00::7"), 443)).isNull();
        assertThat(guard.refusal(InetAddress.getByName("169.254.169.254"), 80)).isEqualTo("a link-local address");
    }

    @Test
    void thePlatformsOwnElasticsearchAndKafkaAreRefusedEvenWhenTheirNetworkIsAllowed() throws Exception {
        DestinationGuard guard = guard(List.of("10.0.0.0/8"));

        assertThat(guard.refusal(InetAddress.getByName("10.0.0.5"), 9200))
                .isEqualTo("the platform's own Elasticsearch or Kafka");
        assertThat(guard.refusal(InetAddress.getByName("10.0.0.6"), 9092))
                .isEqualTo("the platform's own Elasticsearch or Kafka");
        assertThat(guard.refusal(InetAddress.getByName("10.0.0.5"), 8080)).isNull();
    }

    @Test
    void theLocalMailCatcherIsAllowedOnItsPortOnly() throws Exception {
        DestinationGuard guard = guard(List.of());

        assertThat(guard.refusal(InetAddress.getByName("127.0.0.1"), 3025)).isNull();
        assertThat(guard.refusal(InetAddress.getByName("127.0.0.1"), 3026)).isEqualTo("a loopback address");
    }

    @Test
    void aNameIsRefusedWhenAnyOfItsAddressesIsAndWhenItResolvesElsewhereAtConnectionTime() throws Exception {
        DestinationGuard guard = guard(List.of());

        assertThat(guard.resolve("hooks.example", 443)).extracting(a -> a.getAddress().getHostAddress())
                .containsExactly("93.184.216.34");
        assertThatThrownBy(() -> guard.resolve("mixed.example", 443))
                .isInstanceOf(DestinationGuard.RefusedAddressException.class).hasMessage("a private address");
        dns.put("hooks.example", new String[] {"127.0.0.1"});
        assertThatThrownBy(() -> guard.resolve("hooks.example", 443))
                .isInstanceOf(DestinationGuard.RefusedAddressException.class).hasMessage("a loopback address");
    }

    @Test
    void savingADestinationNamesTheFieldAndTheRule() {
        DestinationGuard guard = guard(List.of());

        assertThatThrownBy(() -> guard.validate(new Destination("d", "hook", DestinationKind.WEBHOOK,
                Map.of("url", "http://169.254.169.254/latest/meta-data"), Map.of("signingKey", "k"))))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> {
                    assertThat(e.field()).isEqualTo("settings.url");
                    assertThat(e.rule()).isEqualTo("allowedAddress");
                });
        assertThatThrownBy(() -> guard.validate(new Destination("d", "crm", DestinationKind.CRM,
                Map.of("baseUrl", "http://[::1]:8080/actuator"), Map.of("accessToken", "t"))))
                .isInstanceOfSatisfying(InvalidValueException.class,
                        e -> assertThat(e.field()).isEqualTo("settings.baseUrl"));
        assertThatThrownBy(() -> guard.validate(new Destination("d", "smtp", DestinationKind.EMAIL,
                Map.of("host", "192.168.0.10", "port", "25", "from", "a@b.c"), Map.of())))
                .isInstanceOfSatisfying(InvalidValueException.class,
                        e -> assertThat(e.field()).isEqualTo("settings.host"));
        assertThatThrownBy(() -> guard.validate(new Destination("d", "out", DestinationKind.KAFKA,
                Map.of("topic", "cdp.events"), Map.of())))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> {
                    assertThat(e.field()).isEqualTo("settings.topic");
                    assertThat(e.rule()).isEqualTo("notPlatformTopic");
                });
        guard.validate(new Destination("d", "hook", DestinationKind.WEBHOOK, Map.of("url", "https://hooks.example/x"),
                Map.of("signingKey", "k")));
        guard.validate(new Destination("d", "out", DestinationKind.KAFKA, Map.of("topic", "crm.segment-changes"),
                Map.of()));
    }

    @Test
    void kafkaDestinationsCannotNameThePlatformsTopics() {
        DestinationGuard guard = guard(List.of());

        assertThat(guard.platformTopic("cdp.events")).isTrue();
        assertThat(guard.platformTopic("cdp.profile-changes")).isTrue();
        assertThat(guard.platformTopic("__consumer_offsets")).isTrue();
        assertThat(guard.platformTopic("events-renamed")).isTrue();
        assertThat(guard.platformTopic("shop.segments")).isFalse();
    }

    @Test
    void theAllowListTakesAddressesNotNames() {
        assertThatThrownBy(() -> guard(List.of("intranet.example"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not host names");
    }

    @Test
    void anUnresolvableHostIsRefusedAtSave() {
        DestinationGuard guard = new DestinationGuard(List.of(), List.of(), List::of, Set.of(), host -> {
            throw new UnknownHostException(host);
        });
        assertThatThrownBy(() -> guard.validate(new Destination("d", "hook", DestinationKind.WEBHOOK,
                Map.of("url", "https://nowhere.example/x"), Map.of("signingKey", "k"))))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.rule()).isEqualTo("resolvable"));
    }
}
