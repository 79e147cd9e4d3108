package dev.redkit.console;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The console's answer to a {@link ConsoleRequest}, which an adapter writes to its framework's response:
 * status, headers (the content type and the security headers among them) and body. Immutable.
 *
 * @param status the HTTP status
 * @param headers the response headers, one value each
 * @param body the body bytes
 */
public record ConsoleResponse(int status, Map<String, String> headers, byte[] body) {

    /**
     * Copies the components.
     *
     * @param status the status
     * @param headers the headers
     * @param body the body
     */
    public ConsoleResponse {
        headers = Map.copyOf(headers);
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** @return the body as UTF-8 text (for tests and logs) */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ConsoleResponse{" + status + ", " + headers.get("Content-Type") + ", " + body.length + " bytes}";
    }
}
