package dev.redkit.examples.platform;

import java.util.Map;

/**
 * An expected request failure that becomes a JSON error response
 * {@code {"status": 404, "error": "not_found", "message": "..."}} with the given status and extra headers.
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final transient Map<String, String> headers;
    private final transient Map<String, Object> details;

    /**
     * Creates an error.
     *
     * @param status the HTTP status (4xx or 5xx)
     * @param code a stable machine-readable code such as {@code not_found}
     * @param message a human-readable message
     * @param headers extra response headers (for example {@code Retry-After})
     * @param details extra JSON fields merged into the body
     */
    public ApiException(
            int status, String code, String message, Map<String, String> headers, Map<String, Object> details) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.headers = Map.copyOf(headers);
        this.details = Map.copyOf(details);
    }

    /**
     * Creates an error without extra headers or fields.
     *
     * @param status the HTTP status
     * @param code the stable code
     * @param message the message
     */
    public ApiException(int status, String code, String message) {
        this(status, code, message, Map.of(), Map.of());
    }

    /**
     * @param message the message
     * @return a 400 {@code bad_request}
     */
    public static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", message);
    }

    /**
     * @param message the message
     * @return a 404 {@code not_found}
     */
    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }

    /** @return a 401 {@code unauthorized} asking for a bearer token */
    public static ApiException unauthorized() {
        return new ApiException(
                401, "unauthorized", "a valid session token is required: Authorization: Bearer <token>");
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /** @return the stable error code */
    public String code() {
        return code;
    }

    /** @return extra response headers */
    public Map<String, String> headers() {
        return headers;
    }

    /** @return extra JSON fields */
    public Map<String, Object> details() {
        return details;
    }
}
