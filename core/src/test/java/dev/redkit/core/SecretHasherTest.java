package dev.redkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretHasherTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @Test
    void hmacDependsOnKeyAndOnPartBoundaries() {
        SecretHasher a = SecretHasher.hmacSha256(KEY);
        SecretHasher b = SecretHasher.hmacSha256("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII));
        assertThat(a.hashToHex("x", "y")).hasSize(64).isEqualTo(a.hashToHex("x", "y"));
        assertThat(a.hashToHex("x", "y")).isNotEqualTo(b.hashToHex("x", "y"));
        assertThat(a.hashToHex("ab", "c")).isNotEqualTo(a.hashToHex("a", "bc"));
        assertThat(SecretHasher.sha256().hashToHex("x")).isNotEqualTo(a.hashToHex("x"));
        assertThat(a.toString()).doesNotContain("0123456789");
    }

    @Test
    void constantTimeEquality() {
        assertThat(SecretHasher.constantTimeEquals("abc", "abc")).isTrue();
        assertThat(SecretHasher.constantTimeEquals("abc", "abd")).isFalse();
        assertThat(SecretHasher.constantTimeEquals((String) null, "a")).isFalse();
        assertThat(SecretHasher.constantTimeEquals(new byte[] {1}, new byte[] {1})).isTrue();
    }

    @Test
    void tokensAreRandomUrlSafeAndLongEnough() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String t = SecretHasher.randomToken(32);
            assertThat(t).matches("[A-Za-z0-9_-]{43}");
            seen.add(t);
        }
        assertThat(seen).hasSize(1000);
        assertThatThrownBy(() -> SecretHasher.randomToken(8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SecretHasher.hmacSha256(new byte[4])).hasMessageContaining("16 bytes");
    }
}
