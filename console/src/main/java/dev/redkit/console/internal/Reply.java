package dev.redkit.console.internal;

import dev.redkit.console.ConsoleResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds responses with the console's security headers on every one. */
final class Reply {

    private Reply() {}

    static ConsoleResponse of(int status, String type, byte[] body, Map<String, String> extra) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", type);
        h.put("Content-Security-Policy", ConsoleApp.CSP);
        h.put("X-Content-Type-Options", "nosniff");
        h.put("X-Frame-Options", "DENY");
        h.put(
                "Referrer-Policy",
                "same-origin"); // no-referrer would make the browser send "Origin: null" on our own forms
        h.put("Cache-Control", "no-store");
        h.putAll(extra);
        return new ConsoleResponse(status, h, body);
    }

    static ConsoleResponse html(int status, String html) {
        return of(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static ConsoleResponse text(int status, String text) {
        return of(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static ConsoleResponse json(Object value) {
        return of(200, "application/json", Json.write(value).getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static ConsoleResponse redirect(String location) {
        return of(303, "text/plain; charset=utf-8", new byte[0], Map.of("Location", location));
    }
}
