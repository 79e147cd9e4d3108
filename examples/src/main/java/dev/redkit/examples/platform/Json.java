package dev.redkit.examples.platform;

import io.javalin.json.JsonMapper;
import java.lang.reflect.Type;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** The app's JSON: Jackson 3 (the one Redkit's core uses) plugged into Javalin. */
public final class Json implements JsonMapper {

    private final tools.jackson.databind.json.JsonMapper mapper =
            tools.jackson.databind.json.JsonMapper.builder().build();

    @Override
    public String toJsonString(Object obj, Type type) {
        return mapper.writeValueAsString(obj);
    }

    @Override
    public <T> T fromJsonString(String json, Type targetType) {
        return mapper.readValue(json, mapper.constructType(targetType));
    }

    /**
     * Parses a request body into a JSON object.
     *
     * @param body the raw body
     * @return the object node
     * @throws ApiException 400 if the body is empty, malformed or not an object
     */
    public JsonNode parseObject(String body) {
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest("request body is empty; expected a JSON object");
        }
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (JacksonException e) {
            throw ApiException.badRequest("malformed JSON body: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("expected a JSON object");
        }
        return node;
    }

    /**
     * Builds a JSON object that keeps the field order.
     *
     * @param keysAndValues alternating names and values
     * @return the object
     */
    public static java.util.Map<String, Object> obj(@Nullable Object... keysAndValues) {
        java.util.Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /**
     * Serialises a value.
     *
     * @param value the value
     * @return its JSON text
     */
    public String write(Object value) {
        return mapper.writeValueAsString(value);
    }
}
