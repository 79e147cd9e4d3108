package dev.redkit.console;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP request as the console sees it, built by an adapter (the JDK server of {@link ConsoleServer}, a
 * Javalin or Spring MVC handler) from its framework's request. Immutable.
 *
 * @param method the HTTP method, for example {@code GET}
 * @param path the full request path, including the console's base path, for example {@code /redkit/queues}
 * @param rawQuery the query string without {@code ?}, empty when none
 * @param headers the request headers, names in any case (stored lower-case), the first value of each
 * @param body the request body (the console reads {@code application/x-www-form-urlencoded} forms); empty when none
 * @param remoteAddress the client's address, for the audit log
 * @param hostPrincipal the user the host application already authenticated for this request (a servlet
 *        container's {@code getUserPrincipal()}, say), or null; only {@link ConsoleAuthenticator#hostPrincipal()}
 *        reads it, and an adapter must never take it from a request header
 */
public record ConsoleRequest(
        String method,
        String path,
        String rawQuery,
        Map<String, String> headers,
        byte[] body,
        String remoteAddress,
        @Nullable String hostPrincipal) {

    /** The largest body the console reads; adapters should stop reading beyond it. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    /**
     * Normalises the components: header names lower-cased, nulls replaced by empty values.
     *
     * @param method the method
     * @param path the path
     * @param rawQuery the query
     * @param headers the headers
     * @param body the body
     * @param remoteAddress the client's address
     * @param hostPrincipal the host's authenticated user, or null
     * @throws IllegalArgumentException if the method or path is null, or the body exceeds {@link #MAX_BODY_BYTES}
     */
    public ConsoleRequest {
        if (method == null || path == null) {
            throw new IllegalArgumentException("method and path must not be null");
        }
        method = method.toUpperCase(Locale.ROOT);
        rawQuery = rawQuery == null ? "" : rawQuery;
        Map<String, String> h = new LinkedHashMap<>();
        if (headers != null) {
            headers.forEach((k, v) -> h.putIfAbsent(k.toLowerCase(Locale.ROOT), v));
        }
        headers = Map.copyOf(h);
        body = body == null ? new byte[0] : body.clone();
        if (body.length > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("body must be at most " + MAX_BODY_BYTES + " bytes, was " + body.length);
        }
        remoteAddress = remoteAddress == null ? "" : remoteAddress;
    }

    /**
     * A request without a host principal (the console authenticates it itself, with a token say).
     *
     * @param method the method
     * @param path the path
     * @param rawQuery the query
     * @param headers the headers
     * @param body the body
     * @param remoteAddress the client's address
     * @throws IllegalArgumentException if the method or path is null, or the body is too large
     */
    public ConsoleRequest(
            String method,
            String path,
            String rawQuery,
            Map<String, String> headers,
            byte[] body,
            String remoteAddress) {
        this(method, path, rawQuery, headers, body, remoteAddress, null);
    }

    /**
     * A header.
     *
     * @param name the header name, any case
     * @return its first value, or empty
     */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /**
     * A parameter from the query string or, for a form POST, the body; the body wins.
     *
     * @param name the parameter name
     * @return its first value, or empty
     */
    public Optional<String> param(String name) {
        if (body.length > 0 && header("content-type").orElse("").startsWith("application/x-www-form-urlencoded")) {
            Optional<String> v = find(new String(body, StandardCharsets.UTF_8), name);
            if (v.isPresent()) {
                return v;
            }
        }
        return find(rawQuery, name);
    }

    /**
     * A cookie.
     *
     * @param name the cookie name
     * @return its value, or empty
     */
    public Optional<String> cookie(String name) {
        for (String part : header("cookie").orElse("").split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equals(name)) {
                return Optional.of(part.substring(eq + 1).trim());
            }
        }
        return Optional.empty();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    private static Optional<String> find(String encoded, String name) {
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            try {
                if (URLDecoder.decode(k, StandardCharsets.UTF_8).equals(name)) {
                    return Optional.of(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            } catch (IllegalArgumentException malformed) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "ConsoleRequest{" + method + ' ' + path + '}';
    }
}
