package dev.redkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class SecretHasherTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @Test
    void hmacDependsOnKeyAndOnPartBoundaries() {
        SecretHasher a = SecretHasher.hmacSha256(KEY);
        SecretHasher b =
                SecretHasher.hmacSha256("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII));
        assertThat(a.hashToHex("x", "y")).hasSize(64).isEqualTo(a.hashToHex("x", "y"));
        assertThat(a.hashToHex("x", "y")).isNotEqualTo(b.hashToHex("x", "y"));
        assertThat(a.hashToHex("ab", "c")).isNotEqualTo(a.hashToHex("a", "bc"));
        assertThat(SecretHasher.sha256().hashToHex("x")).isNotEqualTo(a.hashToHex("x"));
        assertThat(a.toString()).doesNotContain("0123456789");
    }

    /**
     * Known answers (computed apart, with Python's hmac over the documented framing: each part as its 4-byte
     * big-endian UTF-8 length and bytes): every hash Redkit keeps at rest, such as session ids, depends on it.
     */
    @Test
    void hashesTheDocumentedFramingOfTheParts() {
        SecretHasher keyed = SecretHasher.hmacSha256(KEY);
        SecretHasher plain = SecretHasher.sha256();
        assertThat(keyed.hashToHex("redkit.session.token", "ab.x"))
                .isEqualTo("53a8e90808871ef1194bb97cd32b57056457588f08aa94ed8e29aad970045306");
        assertThat(plain.hashToHex("redkit.session.token", "ab.x"))
                .isEqualTo("ab6a068b695ec5c4f8385277c17abe400fe720373df8f4c66094b0662a66dba0");
        assertThat(keyed.hashToHex("", "\u00e9\u20ac\uD83D\uDE00"))
                .isEqualTo("c1279d724f10312f8895c194877e2aa5323cd5b3795ccf0d2948305103aabadc");
        assertThat(plain.hashToHex("", "\u00e9\u20ac\uD83D\uDE00"))
                .isEqualTo("ecfb048c6116b6800f6ca1655dcfc292f6de0f142b94243ac3c0f25948070d3e");
        assertThat(keyed.hashToHex("x")).isEqualTo("6d696e16db88c6af61f099efe07845456b54ecb11439bcff4def23736939a7b1");
        assertThatThrownBy(() -> keyed.hash("x", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constantTimeEquality() {
        assertThat(SecretHasher.constantTimeEquals("abc", "abc")).isTrue();
        assertThat(SecretHasher.constantTimeEquals("abc", "abd")).isFalse();
        assertThat(SecretHasher.constantTimeEquals((String) null, "a")).isFalse();
        assertThat(SecretHasher.constantTimeEquals(new byte[] {1}, new byte[] {1}))
                .isTrue();
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

    /** Issue 25: a Mac per thread was rebuilt for every short-lived (virtual) thread. */
    @Test
    void aThousandShortLivedThreadsReuseAFewMacsInsteadOfBuildingOneEach() throws Exception {
        SecretHasher hasher = SecretHasher.hmacSha256(KEY);
        String expected = hasher.hashToHex("session", "token");
        Set<String> seen = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 1000; i++) {
            Thread t = new Thread(() -> seen.add(hasher.hashToHex("session", "token")));
            t.start();
            t.join();
        }
        assertThat(seen).containsExactly(expected);
        assertThat(hasher.instancesBuilt()).isLessThanOrEqualTo(64);
    }

    @Test
    void concurrentHashesAreCorrect() throws Exception {
        SecretHasher keyed = SecretHasher.hmacSha256(KEY);
        SecretHasher plain = SecretHasher.sha256();
        List<Thread> threads = new ArrayList<>();
        Set<String> wrong = ConcurrentHashMap.newKeySet();
        for (int t = 0; t < 16; t++) {
            Thread th = new Thread(() -> {
                for (int i = 0; i < 2000; i++) {
                    String part = "p" + (i % 50);
                    if (!keyed.hashToHex(part).equals(EXPECTED_KEYED[i % 50])
                            || !plain.hashToHex(part).equals(EXPECTED_PLAIN[i % 50])) {
                        wrong.add(part);
                    }
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        assertThat(wrong).isEmpty();
    }

    private static final String[] EXPECTED_KEYED = new String[50];
    private static final String[] EXPECTED_PLAIN = new String[50];

    static {
        SecretHasher keyed = SecretHasher.hmacSha256(KEY);
        for (int i = 0; i < 50; i++) {
            EXPECTED_KEYED[i] = keyed.hashToHex("p" + i);
            EXPECTED_PLAIN[i] = SecretHasher.sha256().hashToHex("p" + i);
        }
    }

    /** Issue 25: one shared SecureRandom was a contended monitor under load. */
    @Test
    void concurrentThreadsDrawFromSeveralSecureRandoms() throws Exception {
        Set<SecureRandom> generators = Collections.newSetFromMap(Collections.synchronizedMap(new IdentityHashMap<>()));
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            Thread t = new Thread(() -> generators.add(SecretHasher.secureRandom()));
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(generators.size()).isGreaterThan(1);
    }
}
