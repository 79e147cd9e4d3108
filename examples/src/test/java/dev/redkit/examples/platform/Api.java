package dev.redkit.examples.platform;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A tiny JSON client for the end-to-end tests; every call comes from a chosen client IP ({@code X-Forwarded-For},
 * which the app believes when loopback is a trusted proxy, as in {@link AppConfig#forTests}), or none (null).
 */
final class Api {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    Api(String base) {
        this.base = base;
    }

    record Response(int status, HttpHeaders headers, String text) {
        JsonNode json() {
            return JSON.readTree(text);
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    Response get(String path, String ip, String token) {
        return send("GET", path, null, ip, token);
    }

    Response post(String path, String body, String ip, String token) {
        return send("POST", path, body, ip, token);
    }

    Response send(String method, String path, String body, String ip, String token) {
        return send(method, path, body, ip, token, Map.of());
    }

    /** A call with the test admin token in {@code X-Admin-Token}. */
    Response admin(String method, String path, String body, String ip) {
        return send(method, path, body, ip, null, Map.of("X-Admin-Token", AppConfig.TEST_ADMIN_TOKEN));
    }

    /**
     * A merchant's order postback, signed with the merchant's secret from the app's database.
     *
     * @return the response
     */
    Response postback(
            Platform app,
            String slug,
            String clickId,
            String orderRef,
            long amountCents,
            long timestamp,
            String nonce) {
        String body = "{\"clickId\":\"" + clickId + "\",\"orderRef\":\"" + orderRef + "\",\"amountCents\":"
                + amountCents + ",\"timestamp\":" + timestamp + ",\"nonce\":\"" + nonce + "\"}";
        String secret = app.repository().postbackSecret(slug).getValue();
        return send(
                "POST",
                "/postbacks/" + slug,
                body,
                "198.51.100.250",
                null,
                Map.of(
                        PostbackSignature.HEADER,
                        PostbackSignature.sign(secret, body.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }

    /**
     * The whole purchase: the user clicks the offer, then the merchant reports an order on that click.
     *
     * @return the postback's response
     */
    Response buy(Platform app, long offerId, long amountCents, String ip, String token) {
        Response click = post("/offers/" + offerId + "/click", null, ip, token);
        if (click.status() != 200) {
            return click;
        }
        String slug = app.repository().findOffer(offerId).merchantSlug();
        return postback(
                app,
                slug,
                click.json().get("clickId").stringValue(),
                "order-" + java.util.UUID.randomUUID(),
                amountCents,
                java.time.Instant.now().getEpochSecond(),
                dev.redkit.core.SecretHasher.randomToken(16));
    }

    Response send(String method, String path, String body, String ip, String token, Map<String, String> headers) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(20))
                .header("User-Agent", "e2e-test")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (ip != null) {
            req.header("X-Forwarded-For", ip);
        }
        if (token != null) {
            req.header("Authorization", "Bearer " + token);
        }
        headers.forEach(req::header);
        try {
            HttpResponse<String> res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(res.statusCode(), res.headers(), res.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
