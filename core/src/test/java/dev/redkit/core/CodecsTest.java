package dev.redkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CodecsTest {

    record Merchant(String slug, String name, Instant updatedAt, LocalDate since, List<String> tags) {}

    @Test
    void jsonRoundTripsRecordsWithJavaTime() {
        Codec<Merchant> codec = Codecs.json(Merchant.class);
        Merchant m = new Merchant(
                "amazon",
                "Amazon",
                Instant.parse("2026-11-26T10:15:30.123Z"),
                LocalDate.of(2020, 1, 2),
                List.of("a", "b"));
        byte[] bytes = codec.encode(m);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"2026-11-26T10:15:30.123Z\"");
        assertThat(codec.decode(bytes)).isEqualTo(m);
    }

    @Test
    void jsonHandlesGenericTypes() {
        Codec<Map<String, List<Integer>>> codec = Codecs.json(new TypeRef<Map<String, List<Integer>>>() {});
        Map<String, List<Integer>> value = Map.of("x", List.of(1, 2, 3));
        assertThat(codec.decode(codec.encode(value))).isEqualTo(value);
        assertThat(codec.typeName()).contains("Map").contains("List").contains("Integer");
    }

    @Test
    void decodeFailureNamesTypeAndKeyNeverReturnsGarbage() {
        Codec<Merchant> codec = Codecs.json(Merchant.class);
        assertThatThrownBy(() -> codec.decode("merchant:1", "{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining(Merchant.class.getName().replace('$', '.').substring(0, 10))
                .hasMessageContaining("merchant:1")
                .satisfies(e -> assertThat(((CodecException) e).key()).isEqualTo("merchant:1"));
        assertThatThrownBy(() -> codec.decode("null".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> Codecs.json(Integer.class).decode("\"abc\"".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("Integer");
    }

    @Test
    void encodeFailureIsACodecException() {
        Object cyclic = new Object() {
            public Object getSelf() {
                return this;
            }
        };
        assertThatThrownBy(() -> Codecs.json(Object.class).encode(cyclic)).isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> Codecs.json(Object.class).encode(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stringAndBytesCodecs() {
        assertThat(Codecs.string().decode(Codecs.string().encode("héllo"))).isEqualTo("héllo");
        assertThatThrownBy(() -> Codecs.string().decode(new byte[] {(byte) 0xC3, (byte) 0x28}))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("UTF-8");
        byte[] raw = {1, 2, 3};
        assertThat(Codecs.bytes().decode(Codecs.bytes().encode(raw))).containsExactly(1, 2, 3);
    }

    @Test
    void typeRefNeedsATypeArgument() {
        assertThatThrownBy(() -> new TypeRef() {}).isInstanceOf(IllegalStateException.class);
    }
}
