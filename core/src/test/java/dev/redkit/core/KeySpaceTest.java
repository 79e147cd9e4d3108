package dev.redkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Example;

class KeySpaceTest {

    private final KeySpace keys = KeySpace.of("app", "session", "web");

    @Example
    void buildsDocumentedLayout() {
        assertThat(keys.key("cfg")).isEqualTo("app:session:web:cfg");
        assertThat(keys.key("user", "u-42")).isEqualTo("app:session:web:user:u-42");
        assertThat(keys.key("user", "a:b {c}")).isEqualTo("app:session:web:user:a%3Ab%20%7Bc%7D");
        assertThat(keys.slot("+4930 123").key("code")).isEqualTo("app:session:web:{+4930%20123}:code");
        assertThat(keys.nameSlot().key("ready")).isEqualTo("app:session:{web}:ready");
        assertThat(keys.slot("x").tag()).isEqualTo("x");
        assertThat(KeySpace.encode("ü%")).isEqualTo("%C3%BC%25");
        assertThat(KeySpace.encode("😀")).isEqualTo("%F0%9F%98%80");
    }

    @Example
    void rejectsBadInputNamingTheParameter() {
        assertThatThrownBy(() -> KeySpace.encode(null, "userId")).hasMessage("userId must not be null");
        assertThatThrownBy(() -> KeySpace.encode("", "userId")).hasMessage("userId must not be empty");
        assertThatThrownBy(() -> KeySpace.encode("x".repeat(KeySpace.MAX_PART_LENGTH + 1), "userId"))
                .hasMessageStartingWith("userId must be at most");
        assertThatThrownBy(() -> KeySpace.encode("a\uD800b", "userId")).hasMessageContaining("unpaired surrogate");
        assertThatThrownBy(() -> keys.key("Bad:Suffix")).hasMessageStartingWith("suffix must be");
        assertThatThrownBy(() -> KeySpace.of("app", "", "x")).hasMessageStartingWith("component must");
        assertThatThrownBy(() -> KeySpace.of("app", "c", "{x}")).hasMessageStartingWith("name must");
        assertThatThrownBy(() -> KeySpace.of("a b", "c", "x")).hasMessageStartingWith("prefix must");
    }

    @Property(tries = 2000)
    void distinctInputsGiveDistinctKeys(@ForAll("parts") String a, @ForAll("parts") String b) {
        Assume.that(!a.equals(b));
        assertThat(keys.key("user", a)).isNotEqualTo(keys.key("user", b));
        assertThat(keys.slot(a).key("s")).isNotEqualTo(keys.slot(b).key("s"));
    }

    @Property(tries = 2000)
    void encodedPartsNeverBreakTheLayout(@ForAll("parts") String part) {
        String encoded = KeySpace.encode(part);
        assertThat(encoded).doesNotContain(":", "{", "}", " ").matches("[A-Za-z0-9_.@+%-]+");
        assertThat(decode(encoded)).isEqualTo(part);
        assertThat(KeySpace.decode(encoded)).isEqualTo(part);
    }

    @Property(tries = 1000)
    void slotGroupsShareOneHashSlot(@ForAll("parts") String part) {
        KeySpace.Slot slot = keys.slot(part);
        assertThat(ClusterSlot.of(slot.key("a"))).isEqualTo(ClusterSlot.of(slot.key("b")))
                .isEqualTo(ClusterSlot.of(slot.key("c", "another part")));
        KeySpace.Slot name = keys.nameSlot();
        assertThat(ClusterSlot.of(name.key("x"))).isEqualTo(ClusterSlot.of(name.key("y", part)));
    }

    @Provide
    Arbitrary<String> parts() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMinLength(1).ofMaxLength(40),
                Arbitraries.strings().withChars(":{}% \r\n\t*@+._-aZ09").ofMinLength(1).ofMaxLength(12),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(8))
                .filter(s -> s.chars().noneMatch(c -> Character.isSurrogate((char) c)));
    }

    private static String decode(String encoded) {
        byte[] out = new byte[encoded.length()];
        int n = 0;
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                out[n++] = (byte) Integer.parseInt(encoded.substring(i + 1, i + 3), 16);
                i += 2;
            } else {
                out[n++] = (byte) c;
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    /** Redis Cluster's key slot: CRC16 (XMODEM) of the hash tag, mod 16384. */
    static final class ClusterSlot {
        static int of(String key) {
            int open = key.indexOf('{');
            if (open >= 0) {
                int close = key.indexOf('}', open + 1);
                if (close > open + 1) {
                    key = key.substring(open + 1, close);
                }
            }
            int crc = 0;
            for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
                crc ^= (b & 0xFF) << 8;
                for (int i = 0; i < 8; i++) {
                    crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
                }
                crc &= 0xFFFF;
            }
            return crc % 16384;
        }
    }
}
