package dev.redkit.examples.platform;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's errors that happen before a request reaches Javalin (a request header over 8 KB: 431, a malformed
 * request line: 400, ...) in the app's JSON error shape instead of Jetty's HTML page, and never with a stack
 * trace or Jetty's own message text.
 */
final class JsonErrorHandler extends ErrorHandler {

    private final Json json;

    JsonErrorHandler(Json json) {
        this.json = json;
    }

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        String error = code == 431
                ? "header_too_large"
                : code == 413 ? "payload_too_large" : code == 400 ? "bad_request" : "http_" + code;
        String text = code == 431
                ? "request headers are larger than " + Routes.MAX_HEADER_BYTES + " bytes"
                : HttpStatus.getMessage(code);
        byte[] body = json.write(Routes.error(code, error, text)).getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
