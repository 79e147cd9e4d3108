package dev.redkit.session.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redkit.core.CodecException;
import dev.redkit.core.Codecs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The plain-string shortcut reads every stored value exactly as Jackson does, and only plain strings take it. */
class AttributeValuesTest {

    @Test
    void everyValueDecodesAsJacksonDecodesIt() {
        List<Object> values = new ArrayList<>(List.of(
                "customer",
                "",
                " ",
                "a\"b",
                "back\\slash",
                "tab\there",
                "line\nbreak",
                "\u00e9t\u00e9",
                "\u20ac",
                "\uD83D\uDE00",
                "~",
                "\u007f",
                "/path?x=1&y=2",
                0,
                -42,
                2_147_483_648L,
                1.5,
                true,
                false,
                List.of("x", 1),
                Map.of("k", "v")));
        Random random = new Random(19);
        for (int n = 0; n < 2_000; n++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                sb.append((char) (random.nextInt(4) == 0 ? random.nextInt(0x300) : 0x20 + random.nextInt(0x5f)));
            }
            values.add(sb.toString());
        }
        for (Object value : values) {
            byte[] json = AttributeValues.CODEC.encode(value);
            Object jackson = Codecs.json(Object.class).decode(json);
            assertThat(AttributeValues.decode(json)).as("%s", value).isEqualTo(jackson);
            assertThat(AttributeValues.decode("k", json)).as("%s", value).isEqualTo(jackson);
        }
    }

    @Test
    void onlyPrintableAsciiStringsWithoutEscapesTakeTheShortcut() {
        assertThat(AttributeValues.isPlainAsciiString(bytes("\"customer\""))).isTrue();
        assertThat(AttributeValues.isPlainAsciiString(bytes("\"\""))).isTrue();
        for (String notPlain : List.of(
                "\"a\\\"b\"", "\"\u00e9\"", "\"a\tb\"", "42", "true", "\"", "\"a", "a\"", "", "[\"a\"]", "\"a\"b\"")) {
            assertThat(AttributeValues.isPlainAsciiString(bytes(notPlain)))
                    .as(notPlain)
                    .isFalse();
        }
    }

    @Test
    void aStoredValueJacksonRefusesStillFailsNamingTheKey() {
        assertThatThrownBy(() -> AttributeValues.decode("app:session:web:{ab}:s:id", bytes("\"a\"b\"")))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("app:session:web:{ab}:s:id");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
