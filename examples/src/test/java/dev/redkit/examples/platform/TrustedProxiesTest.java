package dev.redkit.examples.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

    private final TrustedProxies proxies =
            TrustedProxies.parse("127.0.0.1, 10.0.0.0/8, 2001:db8::/32", "TRUSTED_PROXIES");

    @Test
    void anUntrustedPeerIsTheClientWhateverItForwards() {
        assertThat(proxies.clientIp("192.0.2.1", List.of("1.2.3.4"))).isEqualTo("192.0.2.1");
        assertThat(TrustedProxies.none().clientIp("127.0.0.1", List.of("1.2.3.4")))
                .isEqualTo("127.0.0.1");
    }

    @Test
    void theRightMostUntrustedEntryIsTheClient() {
        assertThat(proxies.clientIp("127.0.0.1", List.of("6.6.6.6, 203.0.113.9, 10.1.1.1")))
                .isEqualTo("203.0.113.9");
        assertThat(proxies.clientIp("127.0.0.1", List.of("6.6.6.6", "203.0.113.9")))
                .as("several headers")
                .isEqualTo("203.0.113.9");
        assertThat(proxies.clientIp("127.0.0.1", List.of("10.2.2.2, 10.1.1.1")))
                .as("all trusted: the left-most")
                .isEqualTo("10.2.2.2");
        assertThat(proxies.clientIp("127.0.0.1", List.of())).isEqualTo("127.0.0.1");
        assertThat(proxies.clientIp("2001:db8::1", List.of("2001:DB8:0:0:0:0:0:2, 2a00::1")))
                .isEqualTo("2a00:0:0:0:0:0:0:1");
    }

    @Test
    void anEntryThatIsNotAnIpLiteralStopsTheWalkAtTheLastVouchedAddress() {
        assertThat(proxies.clientIp("127.0.0.1", List.of("203.0.113.9, example.com")))
                .isEqualTo("127.0.0.1");
        assertThat(proxies.clientIp("127.0.0.1", List.of("example.com, 10.1.1.1")))
                .isEqualTo("10.1.1.1");
        assertThat(proxies.clientIp("127.0.0.1", List.of("010.1.1.1")))
                .as("leading zeros")
                .isEqualTo("127.0.0.1");
        assertThat(proxies.clientIp("127.0.0.1", List.of("1.2.3.4:80"))).isEqualTo("127.0.0.1");
        assertThat(proxies.clientIp("127.0.0.1", List.of(""))).isEqualTo("127.0.0.1");
    }

    @Test
    void badSettingsNameTheSetting() {
        assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/33", "TRUSTED_PROXIES"))
                .hasMessageContaining("TRUSTED_PROXIES");
        assertThatThrownBy(() -> TrustedProxies.parse("proxy.internal", "TRUSTED_PROXIES"))
                .hasMessage("TRUSTED_PROXIES must list IP addresses or CIDR ranges, had 'proxy.internal'");
        assertThat(TrustedProxies.parse(" ", "TRUSTED_PROXIES").isEmpty()).isTrue();
    }
}
