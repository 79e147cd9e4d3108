package dev.redkit.examples.platform;

import io.javalin.http.Context;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** Typed, validated access to a JSON request body; every failure is a 400 naming the field. */
public final class Body {

    private final JsonNode node;

    private Body(JsonNode node) {
        this.node = node;
    }

    /**
     * Reads the request body as a JSON object.
     *
     * @param ctx the request
     * @param json the mapper
     * @return the body
     */
    public static Body of(Context ctx, Json json) {
        return new Body(json.parseObject(ctx.body()));
    }

    /**
     * @param field the field name
     * @param maxLength the maximum length
     * @return the non-blank string value
     */
    public String string(String field, int maxLength) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw ApiException.badRequest("missing field '" + field + "'");
        }
        if (!v.isString()) {
            throw ApiException.badRequest("field '" + field + "' must be a string");
        }
        String s = v.stringValue().trim();
        if (s.isEmpty() || s.length() > maxLength) {
            throw ApiException.badRequest("field '" + field + "' must be 1-" + maxLength + " characters");
        }
        return s;
    }

    /**
     * @param field the field name
     * @return whether the field is present and not null
     */
    public boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    /**
     * @param field the field name
     * @param maxLength the maximum length
     * @return the string value, or null if absent
     */
    public @Nullable String optionalString(String field, int maxLength) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : string(field, maxLength);
    }

    /**
     * @param field the field name
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @return the integer value
     */
    public long integer(String field, long min, long max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw ApiException.badRequest("missing field '" + field + "'");
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw ApiException.badRequest("field '" + field + "' must be an integer");
        }
        long n = v.longValue();
        if (n < min || n > max) {
            throw ApiException.badRequest("field '" + field + "' must be between " + min + " and " + max);
        }
        return n;
    }

    /**
     * @param field the field name
     * @return the boolean value
     */
    public boolean bool(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw ApiException.badRequest("missing field '" + field + "'");
        }
        if (!v.isBoolean()) {
            throw ApiException.badRequest("field '" + field + "' must be true or false");
        }
        return v.booleanValue();
    }

    /**
     * @param field the field name
     * @return the phone number in the app's canonical form ({@link Phones})
     */
    public String phone(String field) {
        return Phones.canonical(string(field, 32));
    }

    /**
     * Parses a numeric path parameter.
     *
     * @param ctx the request
     * @param name the parameter name
     * @return its value
     */
    public static long pathId(Context ctx, String name) {
        String raw = ctx.pathParam(name);
        try {
            long id = Long.parseLong(raw);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // fall through to the 400 below
        }
        throw ApiException.badRequest("path parameter '" + name + "' must be a positive integer");
    }
}
