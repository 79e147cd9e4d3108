package dev.redkit.spring.boot.autoconfigure;

import dev.redkit.core.Codec;
import dev.redkit.core.CodecException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Encodes the values of Spring Cache methods, whose type the cache does not know, as JSON with the value's
 * class name beside it: {@code {"c":"com.shop.Offer","v":{...}}}; a list, set or map whose elements share one
 * class also records that class ({@code "e"}), so {@code List<Offer>} comes back as offers. Decoding loads only
 * classes from trusted packages (the application's own and configured ones), {@code java.time}, and JDK value
 * types ({@code String}, boxed primitives, {@code BigDecimal}, {@code UUID}, ...), so a tampered entry cannot make
 * Jackson instantiate arbitrary classes (such as {@code java.util.logging.FileHandler}). Thread-safe.
 */
final class SpringCacheCodec implements Codec<Object> {

    /** JDK value types a cached value may be (beside {@code java.time}); never a whole JDK package. */
    private static final Set<String> JDK_TYPES = Set.of(
            "java.lang.String",
            "java.lang.Boolean",
            "java.lang.Character",
            "java.lang.Byte",
            "java.lang.Short",
            "java.lang.Integer",
            "java.lang.Long",
            "java.lang.Float",
            "java.lang.Double",
            "java.math.BigDecimal",
            "java.math.BigInteger",
            "java.util.UUID",
            "java.util.Locale",
            "java.util.Currency");

    private final JsonMapper mapper;
    private final List<String> trustedPrefixes;
    private final ClassLoader classLoader;

    SpringCacheCodec(JsonMapper mapper, List<String> trustedPackages, ClassLoader classLoader) {
        this.mapper = mapper;
        List<String> prefixes = new ArrayList<>(List.of("java.time."));
        trustedPackages.forEach(p -> prefixes.add(p.endsWith(".") ? p : p + "."));
        this.trustedPrefixes = List.copyOf(prefixes);
        this.classLoader = classLoader;
    }

    @Override
    public byte[] encode(Object value) {
        if (value == null) {
            throw new IllegalArgumentException("value must not be null");
        }
        ObjectNode node = mapper.createObjectNode();
        if (value instanceof List || value instanceof Set) {
            node.put("c", value instanceof List ? "java.util.List" : "java.util.Set");
            putElementClass(node, (Collection<?>) value);
        } else if (value instanceof Map<?, ?> map) {
            node.put("c", "java.util.Map");
            putElementClass(node, map.values());
        } else {
            node.put("c", value.getClass().getName());
        }
        try {
            node.set("v", mapper.valueToTree(value));
            return mapper.writeValueAsBytes(node);
        } catch (JacksonException e) {
            throw failure("cannot encode " + value.getClass().getName() + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static void putElementClass(ObjectNode node, Collection<?> elements) {
        Class<?> common = null;
        for (Object e : elements) {
            if (e == null || (common != null && common != e.getClass())) {
                return;
            }
            common = e.getClass();
        }
        if (common != null) {
            node.put("e", common.getName());
        }
    }

    @Override
    public Object decode(byte[] bytes) {
        try {
            JsonNode root = mapper.readTree(bytes);
            String c = root.path("c").asString(null);
            JsonNode v = root.get("v");
            if (c == null || v == null) {
                throw failure("stored value has no class name", null);
            }
            String e = root.path("e").asString(null);
            Class<?> element = e == null ? Object.class : load(e);
            JavaType type;
            switch (c) {
                case "java.util.List":
                    type = mapper.getTypeFactory().constructCollectionType(ArrayList.class, element);
                    break;
                case "java.util.Set":
                    type = mapper.getTypeFactory().constructCollectionType(LinkedHashSet.class, element);
                    break;
                case "java.util.Map":
                    type = mapper.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, element);
                    break;
                default:
                    type = mapper.constructType(load(c));
            }
            return mapper.treeToValue(v, type);
        } catch (JacksonException ex) {
            throw failure("cannot decode JSON: " + ex.getOriginalMessage(), ex);
        }
    }

    private Class<?> load(String name) {
        boolean trusted = JDK_TYPES.contains(name) || trustedPrefixes.stream().anyMatch(name::startsWith);
        if (!trusted) {
            throw failure(
                    "class " + name + " is not in a trusted package; add its package to"
                            + " redkit.spring-cache.trusted-packages",
                    null);
        }
        try {
            return Class.forName(name, false, classLoader);
        } catch (ClassNotFoundException ex) {
            throw failure("class " + name + " not found", ex);
        }
    }

    @Override
    public String typeName() {
        return "spring-cache-value";
    }

    /** A codec failure with no key ({@link CodecException}'s key is {@code @Nullable}: "not known"). */
    private CodecException failure(String message, @Nullable Throwable cause) {
        return new CodecException(typeName(), null, message, cause);
    }
}
