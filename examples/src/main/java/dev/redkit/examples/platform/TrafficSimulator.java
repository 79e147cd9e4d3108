package dev.redkit.examples.platform;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Drives realistic traffic at a running {@link Platform} over HTTP on loopback: 40 virtual users (each from
 * its own simulated IP via {@code X-Forwarded-For}, which the app believes only when loopback is among its
 * {@code TRUSTED_PROXIES}) log in with SMS codes, browse merchants and top offers, click offers and buy (the
 * merchant then reports the order with a signed postback, as its server would), withdraw cashback and look at
 * the leaderboards, while a scraper from one IP hammers the top offers until it is rate limited. Bounded by a request count and a time limit; prints a
 * progress line.
 */
public final class TrafficSimulator {

    private static final int USERS = 40;
    private static final String SCRAPER_IP = "203.0.113.66";
    private static final String MERCHANT_IP = "198.51.100.200";
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern CLICK_ID = Pattern.compile("\"clickId\"\\s*:\\s*\"([^\"]+)\"");

    private final Platform platform;
    private final int requests;
    private final Duration timeLimit;
    private final int threads;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicReferenceArray<String> tokens = new AtomicReferenceArray<>(USERS + 1);
    private final AtomicInteger issued = new AtomicInteger();
    private final LongAdder ok = new LongAdder();
    private final LongAdder clientErrors = new LongAdder();
    private final LongAdder limited = new LongAdder();
    private final LongAdder serverErrors = new LongAdder();
    private final List<String> slugs = SeedData.slugs();
    private final List<Long> offers = SeedData.offerIds();
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final AtomicLong orderRefs = new AtomicLong();

    /** Outcome counts of a run. */
    public record Report(long sent, long ok, long clientErrors, long rateLimited, long serverErrors, double seconds) {
        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%d requests in %.1f s: %d ok, %d 4xx (%d rate-limited), %d 5xx",
                    sent,
                    seconds,
                    ok,
                    clientErrors + rateLimited,
                    rateLimited,
                    serverErrors);
        }
    }

    /**
     * @param platform the app to drive (always reached on 127.0.0.1)
     * @param requests the number of requests to send
     * @param timeLimit the longest the run may take
     * @param threads concurrent clients
     */
    public TrafficSimulator(Platform platform, int requests, Duration timeLimit, int threads) {
        if (requests < 1 || requests > 1_000_000) {
            throw new IllegalArgumentException("requests must be 1 to 1000000, was " + requests);
        }
        this.platform = platform;
        this.requests = requests;
        this.timeLimit = timeLimit;
        this.threads = threads;
    }

    /**
     * Runs the simulation.
     *
     * @param progress where the progress line goes, or null for none
     * @return the counts
     * @throws InterruptedException if interrupted
     */
    public Report run(PrintStream progress) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeLimit.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                while (System.nanoTime() < deadline && issued.get() < requests) {
                    try {
                        step();
                    } catch (RuntimeException e) {
                        // counted as a server error by send(); keep driving
                    }
                }
            });
        }
        pool.shutdown();
        while (!pool.awaitTermination(500, TimeUnit.MILLISECONDS)) {
            if (progress != null) {
                progress.print("\r[simulate] " + report(start));
                progress.flush();
            }
        }
        Report report = report(start);
        if (progress != null) {
            progress.println("\r[simulate] " + report);
        }
        return report;
    }

    private Report report(long start) {
        long sent = ok.sum() + clientErrors.sum() + limited.sum() + serverErrors.sum();
        return new Report(
                sent,
                ok.sum(),
                clientErrors.sum(),
                limited.sum(),
                serverErrors.sum(),
                (System.nanoTime() - start) / 1e9);
    }

    private void step() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        if (rnd.nextInt(10) == 0) {
            send("GET", "/offers/top", null, SCRAPER_IP, null);
            return;
        }
        int user = 1 + rnd.nextInt(USERS);
        String ip = "10.0." + (user / 200) + "." + (user % 200 + 1);
        String token = tokens.get(user);
        if (token == null) {
            login(user, ip);
            return;
        }
        int dice = rnd.nextInt(100);
        if (dice < 25) {
            send("GET", "/merchants/" + slugs.get(rnd.nextInt(slugs.size())), null, ip, token);
        } else if (dice < 35) {
            send("GET", "/offers/top", null, ip, token);
        } else if (dice < 70) {
            // A few offers are much more popular, so trending has a shape.
            int idx = rnd.nextInt(3) == 0 ? rnd.nextInt(offers.size()) : rnd.nextInt(Math.min(6, offers.size()));
            send("POST", "/offers/" + offers.get(idx) + "/click", "", ip, token);
        } else if (dice < 80) {
            clickAndBuy(offers.get(rnd.nextInt(offers.size())), 1_000 + rnd.nextInt(50_000), ip, token);
        } else if (dice < 86) {
            send("POST", "/wallet/withdraw", "{\"amountCents\":" + (100 + rnd.nextInt(2_000)) + "}", ip, token);
        } else if (dice < 93) {
            send("GET", "/leaderboard/referrals", null, ip, token);
        } else {
            send("GET", "/offers/trending", null, ip, token);
        }
    }

    private void login(int user, String ip) {
        String phone = SeedData.phone(user);
        HttpResponse<String> requested = send("POST", "/auth/request-otp", "{\"phone\":\"" + phone + "\"}", ip, null);
        if (requested == null || requested.statusCode() != 202) {
            return;
        }
        String code = platform.sms().lastCode(phone).orElse("000000");
        HttpResponse<String> verified =
                send("POST", "/auth/verify-otp", "{\"phone\":\"" + phone + "\",\"code\":\"" + code + "\"}", ip, null);
        if (verified == null) {
            return;
        }
        Matcher m = TOKEN.matcher(verified.body() == null ? "" : verified.body());
        if (verified.statusCode() == 200 && m.find()) {
            tokens.set(user, m.group(1));
        }
    }

    /**
     * A user clicks an offer (and gets a click id), buys at the merchant, and the merchant reports the order
     * with a postback signed with its secret, as its server would.
     */
    private void clickAndBuy(long offerId, long amountCents, String ip, String token) {
        HttpResponse<String> click = send("POST", "/offers/" + offerId + "/click", "", ip, token);
        Matcher m = CLICK_ID.matcher(click == null || click.body() == null ? "" : click.body());
        if (click == null || click.statusCode() != 200 || !m.find()) {
            return;
        }
        String slug = slugs.get((int) (offerId / 10) - 1);
        String secret = secrets.computeIfAbsent(slug, s -> {
            Map.Entry<Long, String> merchant = platform.repository().postbackSecret(s);
            if (merchant == null) {
                throw new IllegalStateException("no merchant " + s);
            }
            return merchant.getValue();
        });
        String body = "{\"clickId\":\"" + m.group(1) + "\",\"orderRef\":\"sim-" + orderRefs.incrementAndGet() + "-"
                + System.nanoTime() + "\",\"amountCents\":" + amountCents + ",\"timestamp\":"
                + platform.clock.instant().getEpochSecond() + ",\"nonce\":\""
                + dev.redkit.core.SecretHasher.randomToken(16) + "\"}";
        send(
                "POST",
                "/postbacks/" + slug,
                body,
                MERCHANT_IP,
                null,
                Map.of(
                        PostbackSignature.HEADER,
                        PostbackSignature.sign(secret, body.getBytes(StandardCharsets.UTF_8))));
    }

    private @Nullable HttpResponse<String> send(
            String method, String path, @Nullable String body, String ip, @Nullable String token) {
        return send(method, path, body, ip, token, Map.of());
    }

    private @Nullable HttpResponse<String> send(
            String method,
            String path,
            @Nullable String body,
            String ip,
            @Nullable String token,
            Map<String, String> headers) {
        if (issued.incrementAndGet() > requests) {
            return null;
        }
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + platform.port() + path))
                .timeout(Duration.ofSeconds(10))
                .header("X-Forwarded-For", ip)
                .header("User-Agent", "redkit-simulator/1.0")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            req.header("Content-Type", "application/json");
        }
        if (token != null) {
            req.header("Authorization", "Bearer " + token);
        }
        headers.forEach(req::header);
        try {
            HttpResponse<String> res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            int s = res.statusCode();
            if (s == 429) {
                limited.increment();
            } else if (s >= 500) {
                serverErrors.increment();
            } else if (s >= 400) {
                clientErrors.increment();
            } else {
                ok.increment();
            }
            return res;
        } catch (java.io.IOException e) {
            serverErrors.increment();
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
