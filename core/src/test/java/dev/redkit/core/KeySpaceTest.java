package dev.redkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Key layout, encoding and hash tags. The properties run on thousands of generated inputs from a fixed seed
 * (punctuation that breaks keys, control characters, any Unicode plane); each failure names its input.
 */
class KeySpaceTest {

    private static final String NASTY = ":{}% \r\n\t*@+._-aZ09";

    private final KeySpace keys = KeySpace.of("app", "session", "web");

    @Test
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

    @Test
    void rejectsBadInputNamingTheParameter() {
        assertThatThrownBy(() -> KeySpace.encode(null, "userId")).hasMessage("userId must not be null");
        assertThatThrownBy(() -> KeySpace.encode("", "userId")).hasMessage("userId must not be empty");
        assertThatThrownBy(() -> KeySpace.encode("x".repeat(KeySpace.MAX_PART_LENGTH + 1), "userId"))
                .hasMessageStartingWith("userId must be at most");
        assertThatThrownBy(() -> KeySpace.encode("a\uD800b", "userId")).hasMessageContaining("unpaired surrogate");
        assertThatThrownBy(() -> keys.key("Bad:Suffix")).hasMessageStartingWith("suffix must be");
        assertThatThrownBy(() -> keys.slot("u1").key("u", "", "userId")).hasMessage("userId must not be empty");
        assertThatThrownBy(() -> keys.slot("u1").key("u", "\u00e9".repeat(KeySpace.MAX_PART_LENGTH), "userId"))
                .hasMessageStartingWith("userId is too long once encoded");
        assertThatThrownBy(() -> KeySpace.of("app", "", "x")).hasMessageStartingWith("component must");
        assertThatThrownBy(() -> KeySpace.of("app", "c", "{x}")).hasMessageStartingWith("name must");
        assertThatThrownBy(() -> KeySpace.of("a b", "c", "x")).hasMessageStartingWith("prefix must");
    }

    @Test
    void identifierAcceptsExactlyTheDocumentedPattern() {
        Pattern documented = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
        List<String> inputs = new ArrayList<>(
                List.of("a", "0", "-a", ".a", "_a", "A", "a-b.c_d", "a:b", "a b", "é", "a".repeat(64), "a".repeat(65)));
        Random random = new Random(19);
        String alphabet = "az09._-AZ:{} é";
        for (int n = 0; n < 5_000; n++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(3) == 0 ? 60 + random.nextInt(8) : 1 + random.nextInt(6);
            for (int i = 0; i < length; i++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            inputs.add(sb.toString());
        }
        for (String input : inputs) {
            boolean accepted = catchThrowable(() -> KeySpace.identifier(input, "suffix")) == null;
            assertThat(accepted)
                    .as("'%s'", input)
                    .isEqualTo(documented.matcher(input).matches());
        }
    }

    @Test
    void checkPartRefusesWhatEncodeRefusesWithTheSameMessageAndReturnsThePartUnencoded() {
        for (String bad : new String[] {null, "", "x".repeat(KeySpace.MAX_PART_LENGTH + 1), "a\uD800b", "\uDC00"}) {
            assertThatThrownBy(() -> KeySpace.encode(bad, "userId")).isInstanceOf(IllegalArgumentException.class);
            String expected =
                    catchThrowable(() -> KeySpace.encode(bad, "userId")).getMessage();
            assertThatThrownBy(() -> KeySpace.checkPart(bad, "userId"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(expected);
        }
        assertThat(KeySpace.checkPart("a:b {c}", "userId")).isEqualTo("a:b {c}");
    }

    @Test
    void distinctInputsGiveDistinctKeys() {
        List<String> parts = parts(4000);
        java.util.Map<String, String> seen = new java.util.HashMap<>();
        java.util.Map<String, String> seenSlots = new java.util.HashMap<>();
        for (String part : parts) {
            String key = keys.key("user", part);
            String previous = seen.putIfAbsent(key, part);
            assertThat(previous == null || previous.equals(part))
                    .as("%s and %s share key %s", previous, part, key)
                    .isTrue();
            String slotKey = keys.slot(part).key("s");
            String previousSlot = seenSlots.putIfAbsent(slotKey, part);
            assertThat(previousSlot == null || previousSlot.equals(part))
                    .as("%s and %s share key %s", previousSlot, part, slotKey)
                    .isTrue();
        }
    }

    @Test
    void encodedPartsNeverBreakTheLayout() {
        for (String part : parts(3000)) {
            String encoded = KeySpace.encode(part);
            assertThat(encoded)
                    .as("encoding of %s", part)
                    .doesNotContain(":", "{", "}", " ")
                    .matches("[A-Za-z0-9_.@+%-]+");
            assertThat(decode(encoded)).isEqualTo(part);
            assertThat(KeySpace.decode(encoded)).isEqualTo(part);
        }
    }

    @Test
    void slotGroupsShareOneHashSlot() {
        for (String part : parts(1000)) {
            KeySpace.Slot slot = keys.slot(part);
            assertThat(ClusterSlot.of(slot.key("a")))
                    .as("slot of %s", part)
                    .isEqualTo(ClusterSlot.of(slot.key("b")))
                    .isEqualTo(ClusterSlot.of(slot.key("c", "another part")));
            KeySpace.Slot name = keys.nameSlot();
            assertThat(ClusterSlot.of(name.key("x"))).isEqualTo(ClusterSlot.of(name.key("y", part)));
        }
    }

    /** Generated parts: short and long, from nasty punctuation, from the BMP and from any Unicode plane. */
    private static List<String> parts(int count) {
        Random random = new Random(42);
        List<String> parts = new ArrayList<>(count);
        parts.addAll(List.of(
                "a", "A", "%", "%25", ":", "{", "}", "{}", "a:b", "a%3Ab", " ", "\u0000", "é", "e\u0301", "😀"));
        while (parts.size() < count) {
            StringBuilder sb = new StringBuilder();
            int length = 1 + random.nextInt(random.nextInt(4) == 0 ? 40 : 8);
            int kind = random.nextInt(3);
            while (sb.length() < length) {
                if (kind == 0) {
                    sb.append(NASTY.charAt(random.nextInt(NASTY.length())));
                } else if (kind == 1) {
                    char c = (char) random.nextInt(0x10000);
                    if (!Character.isSurrogate(c)) {
                        sb.append(c);
                    }
                } else {
                    int cp = random.nextInt(0x110000);
                    if (Character.isValidCodePoint(cp) && (cp < 0xD800 || cp > 0xDFFF)) {
                        sb.appendCodePoint(cp);
                    }
                }
            }
            parts.add(sb.toString());
        }
        return parts;
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
