package dev.redkit.core;

import dev.redkit.core.spi.Checks;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The codecs Redkit ships. All returned codecs are immutable and thread-safe.
 * <!-- snippet: CoreSnippets#codecs -->
 * <pre>{@code
 * Codec<Merchant> merchants = Codecs.json(Merchant.class);
 * Codec<List<Offer>> offers = Codecs.json(new TypeRef<List<Offer>>() {});
 * }</pre>
 * The JSON codecs use a shared Jackson 3 {@link JsonMapper} with its defaults ({@code java.time} types
 * as ISO-8601 text); pass your own mapper to change that.
 */
public final class Codecs {

    private static final ObjectMapper DEFAULT_MAPPER = JsonMapper.builder().build();

    private Codecs() {}

    /**
     * JSON for a class.
     *
     * @param type the class
     * @param <T> the value type
     * @return the codec
     */
    public static <T> Codec<T> json(Class<T> type) {
        return json(type, DEFAULT_MAPPER);
    }

    /**
     * JSON for a class with a custom mapper.
     *
     * @param type the class
     * @param mapper the Jackson 3 mapper
     * @param <T> the value type
     * @return the codec
     */
    public static <T> Codec<T> json(Class<T> type, ObjectMapper mapper) {
        Checks.notNull(type, "type");
        Checks.notNull(mapper, "mapper");
        return new JsonCodec<>(mapper, mapper.constructType(type));
    }

    /**
     * JSON for a generic type.
     *
     * @param type the captured type
     * @param <T> the value type
     * @return the codec
     */
    public static <T> Codec<T> json(TypeRef<T> type) {
        Checks.notNull(type, "type");
        return new JsonCodec<>(DEFAULT_MAPPER, DEFAULT_MAPPER.constructType(type.type()));
    }

    /**
     * UTF-8 text; decoding rejects malformed UTF-8.
     *
     * @return the codec
     */
    public static Codec<String> string() {
        return StringCodec.INSTANCE;
    }

    /**
     * Raw bytes, unchanged.
     *
     * @return the codec
     */
    public static Codec<byte[]> bytes() {
        return BytesCodec.INSTANCE;
    }

    private static final class JsonCodec<T> implements Codec<T> {
        private final ObjectMapper mapper;
        private final JavaType type;

        JsonCodec(ObjectMapper mapper, JavaType type) {
            this.mapper = mapper;
            this.type = type;
        }

        @Override
        public byte[] encode(T value) {
            if (value == null) {
                throw new IllegalArgumentException("value must not be null");
            }
            try {
                return mapper.writeValueAsBytes(value);
            } catch (JacksonException e) {
                throw new CodecException(typeName(), null, "cannot encode value as JSON: " + e.getOriginalMessage(), e);
            }
        }

        @Override
        public T decode(byte[] bytes) {
            Checks.notNull(bytes, "bytes");
            try {
                T value = mapper.readValue(bytes, type);
                if (value == null) {
                    throw new CodecException(typeName(), null, "stored JSON is null", null);
                }
                return value;
            } catch (JacksonException e) {
                throw new CodecException(typeName(), null, "cannot decode JSON: " + e.getOriginalMessage(), e);
            }
        }

        @Override
        public String typeName() {
            return type.toCanonical();
        }

        @Override
        public String toString() {
            return "JsonCodec{" + typeName() + '}';
        }
    }

    private enum StringCodec implements Codec<String> {
        INSTANCE;

        @Override
        public byte[] encode(String value) {
            if (value == null) {
                throw new IllegalArgumentException("value must not be null");
            }
            return value.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String decode(byte[] bytes) {
            try {
                return StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(bytes))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new CodecException(typeName(), null, "stored bytes are not valid UTF-8", e);
            }
        }

        @Override
        public String typeName() {
            return "java.lang.String";
        }
    }

    private enum BytesCodec implements Codec<byte[]> {
        INSTANCE;

        @Override
        public byte[] encode(byte[] value) {
            if (value == null) {
                throw new IllegalArgumentException("value must not be null");
            }
            return value;
        }

        @Override
        public byte[] decode(byte[] bytes) {
            return Checks.notNull(bytes, "bytes");
        }

        @Override
        public String typeName() {
            return "byte[]";
        }
    }
}
