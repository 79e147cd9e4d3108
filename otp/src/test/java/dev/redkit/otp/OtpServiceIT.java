package dev.redkit.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.junit.CommandCounter;
import dev.redkit.embedded.junit.MutableClock;
import dev.redkit.embedded.junit.Races;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@RedisTest
class OtpServiceIT {
    private static final Logger LOG = LoggerFactory.getLogger(OtpServiceIT.class);

    static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final String PHONE = "+91 98765-43210";

    private static OtpServiceBuilder builder(RedisConnector redis, Clock clock) {
        return builder(redis, "default", clock);
    }

    private static OtpServiceBuilder builder(RedisConnector redis, String name, Clock clock) {
        return OtpService.builder(redis, name, SECRET).clock(clock);
    }

    private static String code(OtpIssue issue) {
        assertThat(issue).isInstanceOf(OtpIssue.Issued.class);
        return ((OtpIssue.Issued) issue).code();
    }

    private static String wrong(String code) {
        return code.charAt(0) == '9' ? '0' + code.substring(1) : (char) (code.charAt(0) + 1) + code.substring(1);
    }

    @Test
    void issuedCodeVerifiesOnceWithinTtl(RedisConnector redis) {
        MutableClock clock = MutableClock.now();
        OtpService otp = builder(redis, clock).build();
        OtpIssue issue = otp.issue("login", PHONE);
        String code = code(issue);
        assertThat(code).hasSize(6).containsOnlyDigits();
        assertThat(((OtpIssue.Issued) issue).expiresAt())
                .isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
        assertThat(issue.toString()).doesNotContain(code);

        assertThat(otp.verify("login", "+919876543210", code.substring(0, 3) + " " + code.substring(3)))
                .isEqualTo(OtpResult.verified());
        assertThat(otp.verify("login", PHONE, code)).isEqualTo(OtpResult.expired());
        // a verified code ends its cooldown: the next flow may start at once
        assertThat(otp.issue("login", PHONE).issued()).isTrue();
    }

    @Test
    void hundredConcurrentCorrectSubmissionsVerifyExactlyOnce(RedisTestContext ctx) throws Exception {
        OtpService otp = builder(ctx.newConnector(b -> b.maxConnections(100)), Clock.systemUTC())
                .build();
        String code = code(otp.issue("login", PHONE));
        List<OtpResult> results = Races.race(100, () -> otp.verify("login", PHONE, code));
        java.util.Map<OtpResult.Status, Long> counts = countBy(results);
        assertThat(counts.get(OtpResult.Status.VERIFIED)).isEqualTo(1L);
        assertThat(counts.get(OtpResult.Status.EXPIRED)).isEqualTo(99L);
    }

    @Test
    void bruteForceLocksTheCodeUntilAReissueAfterTheCooldown(RedisConnector redis) {
        MutableClock clock = MutableClock.now();
        OtpService otp = builder(redis, clock)
                .maxAttempts(5)
                .resendCooldown(Duration.ofSeconds(30))
                .build();
        String code = code(otp.issue("login", PHONE));
        for (int left = 4; left >= 0; left--) {
            assertThat(otp.verify("login", PHONE, wrong(code))).isEqualTo(OtpResult.invalid(left));
        }
        assertThat(otp.verify("login", PHONE, code)).isEqualTo(OtpResult.locked());
        assertThat(otp.verify("login", PHONE, wrong(code))).isEqualTo(OtpResult.locked());

        clock.advance(Duration.ofSeconds(29));
        assertThat(otp.issue("login", PHONE)).isEqualTo(new OtpIssue.Cooldown(Duration.ofSeconds(1)));
        assertThat(otp.verify("login", PHONE, code)).isEqualTo(OtpResult.locked());

        clock.advance(Duration.ofSeconds(1));
        String fresh = code(otp.issue("login", PHONE));
        assertThat(otp.verify("login", PHONE, wrong(fresh))).isEqualTo(OtpResult.invalid(4));
        assertThat(otp.verify("login", PHONE, fresh)).isEqualTo(OtpResult.verified());
    }

    @Test
    void cooldownHoldsExactlyUnderThirtyTwoConcurrentIssuers(RedisConnector redis) throws Exception {
        MutableClock clock = MutableClock.now();
        OtpService otp = builder(redis, clock)
                .resendCooldown(Duration.ofSeconds(30))
                .maxSends(100, Duration.ofHours(1))
                .build();
        List<OtpIssue> outcomes = Races.race(32, () -> otp.issue("login", PHONE));
        assertThat(outcomes.stream().filter(OtpIssue::issued)).hasSize(1);
        assertThat(outcomes.stream().filter(o -> o instanceof OtpIssue.Cooldown))
                .hasSize(31)
                .allSatisfy(
                        o -> assertThat(((OtpIssue.Cooldown) o).retryAfter()).isEqualTo(Duration.ofSeconds(30)));
        String code = outcomes.stream()
                .filter(OtpIssue::issued)
                .map(OtpServiceIT::code)
                .findFirst()
                .orElseThrow();
        assertThat(otp.verify("login", PHONE, code)).isEqualTo(OtpResult.verified());
    }

    @Test
    void sendCapHoldsExactlyUnderThirtyTwoConcurrentIssuersAndSlides(RedisConnector redis) throws Exception {
        MutableClock clock = MutableClock.now();
        OtpService otp = builder(redis, clock)
                .resendCooldown(Duration.ZERO)
                .maxSends(5, Duration.ofHours(1))
                .build();
        List<OtpIssue> outcomes = Races.race(32, () -> otp.issue("login", PHONE));
        assertThat(outcomes.stream().filter(OtpIssue::issued)).hasSize(5);
        assertThat(outcomes.stream().filter(o -> o instanceof OtpIssue.SendLimit))
                .hasSize(27)
                .allSatisfy(
                        o -> assertThat(((OtpIssue.SendLimit) o).retryAfter()).isEqualTo(Duration.ofHours(1)));

        // the cap counts every purpose of the destination
        clock.advance(Duration.ofMinutes(10));
        assertThat(otp.issue("payout", PHONE)).isEqualTo(new OtpIssue.SendLimit(Duration.ofMinutes(50)));
        // another destination is not affected
        assertThat(otp.issue("login", "ann@example.com").issued()).isTrue();
        // the window slides: one hour after the five sends, five more are allowed
        clock.advance(Duration.ofMinutes(50));
        for (int i = 0; i < 5; i++) {
            assertThat(otp.issue(i % 2 == 0 ? "login" : "payout", PHONE).issued())
                    .isTrue();
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(otp.issue("login", PHONE)).isEqualTo(new OtpIssue.SendLimit(Duration.ofMinutes(55)));
    }

    @Test
    void sendLimitRetryAfterCoversALaterCooldownEnd(RedisConnector redis) {
        MutableClock clock = MutableClock.now();
        OtpService otp = builder(redis, clock)
                .ttl(Duration.ofMinutes(10))
                .resendCooldown(Duration.ofMinutes(10))
                .maxSends(2, Duration.ofMinutes(5))
                .build();
        assertThat(otp.issue("a", PHONE).issued()).isTrue();
        assertThat(otp.issue("b", PHONE).issued()).isTrue();
        clock.advance(Duration.ofMinutes(1));
        assertThat(otp.issue("a", PHONE)).isEqualTo(new OtpIssue.SendLimit(Duration.ofMinutes(9)));
        assertThat(otp.issue("c", PHONE)).isEqualTo(new OtpIssue.SendLimit(Duration.ofMinutes(4)));
    }

    @Test
    void codeExpiresByTheServiceClock(RedisConnector redis, RedisTestContext ctx) {
        MutableClock clock = MutableClock.now();
        OtpService otp = builder(redis, clock).ttl(Duration.ofMinutes(5)).build();
        String code = code(otp.issue("login", PHONE));
        clock.advance(Duration.ofMinutes(5));
        assertThat(otp.verify("login", PHONE, code)).isEqualTo(OtpResult.expired());
        assertThat(ctx.keys()).noneMatch(k -> k.endsWith(":code:login"));
    }

    @Test
    void codeExpiresOnTheServerAfterAShortRealTtl(RedisConnector redis, RedisTestContext ctx)
            throws InterruptedException {
        OtpService otp = builder(redis, Clock.systemUTC())
                .ttl(Duration.ofSeconds(1))
                .resendCooldown(Duration.ZERO)
                .build();
        String code = code(otp.issue("login", PHONE));
        String key = ctx.keys().stream()
                .filter(k -> k.endsWith(":code:login"))
                .findFirst()
                .orElseThrow();
        long pttl = (Long) ctx.raw(key, "PTTL", key);
        assertThat(pttl).isBetween(1L, 1000L);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((Long) ctx.raw(key, "EXISTS", key) == 1L && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat((Long) ctx.raw(key, "EXISTS", key)).isZero();
        assertThat(otp.verify("login", PHONE, code)).isEqualTo(OtpResult.expired());
    }

    @Test
    void purposesAreIsolated(RedisConnector redis) {
        OtpService otp = builder(redis, Clock.systemUTC()).build();
        String login = code(otp.issue("login", PHONE));
        assertThat(otp.verify("payout", PHONE, login)).isEqualTo(OtpResult.expired());
        String payout = code(otp.issue("payout", PHONE));
        if (!payout.equals(login)) {
            assertThat(otp.verify("payout", PHONE, login)).isEqualTo(OtpResult.invalid(4));
        }
        assertThat(otp.verify("login", PHONE, login)).isEqualTo(OtpResult.verified());
        assertThat(otp.verify("payout", PHONE, payout)).isEqualTo(OtpResult.verified());
    }

    @Test
    void instancesWithDifferentNamesAreIsolated(RedisConnector redis) {
        OtpService a = builder(redis, "a", Clock.systemUTC()).build();
        OtpService b = builder(redis, "b", Clock.systemUTC()).build();
        String code = code(a.issue("login", PHONE));
        assertThat(b.verify("login", PHONE, code)).isEqualTo(OtpResult.expired());
        assertThat(a.verify("login", PHONE, code)).isEqualTo(OtpResult.verified());
    }

    @Test
    void reissueReplacesTheCodeAndResetsFailures(RedisConnector redis) {
        MutableClock clock = MutableClock.now();
        OtpService otp = builder(redis, clock).build();
        String first = code(otp.issue("login", PHONE));
        assertThat(otp.verify("login", PHONE, wrong(first))).isEqualTo(OtpResult.invalid(4));
        clock.advance(Duration.ofSeconds(30));
        String second = code(otp.issue("login", PHONE));
        if (!second.equals(first)) {
            assertThat(otp.verify("login", PHONE, first)).isEqualTo(OtpResult.invalid(4));
        }
        assertThat(otp.verify("login", PHONE, second)).isEqualTo(OtpResult.verified());
    }

    @Test
    void noClearCodeIsStoredInRedis(RedisConnector redis, RedisTestContext ctx) {
        OtpService numeric = builder(redis, Clock.systemUTC())
                .resendCooldown(Duration.ZERO)
                .maxSends(100, Duration.ofHours(1))
                .build();
        OtpService alnum =
                builder(redis, "alnum", Clock.systemUTC()).alphanumeric(8).build();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            codes.add(code(numeric.issue("p" + i, "user" + (i % 3) + "@example.com")));
        }
        codes.add(code(alnum.issue("login", PHONE)));
        numeric.verify("p0", "user0@example.com", wrong(codes.get(0)));
        List<String> keys = ctx.keys();
        assertThat(keys).hasSize(20 + 3 + 2 + 1);
        for (String key : keys) {
            assertThat(codes).noneMatch(key::contains);
            String type = new String((byte[]) ctx.raw(key, "TYPE", key), StandardCharsets.US_ASCII);
            assertThat(type).isIn("hash", "list");
            if (type.equals("list")) {
                // the send logs, and the failure log of (p0, user0): times only
                assertThat((List<?>) ctx.raw(key, "LRANGE", key, "0", "-1"))
                        .isNotEmpty()
                        .allSatisfy(t -> assertThat(new String((byte[]) t, StandardCharsets.US_ASCII))
                                .matches("[0-9]{13}"));
                continue;
            }
            List<?> values = (List<?>) ctx.raw(key, "HGETALL", key);
            int step = type.equals("hash") ? 2 : 1;
            for (int i = 0; i < values.size(); i += step) {
                byte[] raw = (byte[]) values.get(i + step - 1);
                String value = new String(raw, StandardCharsets.ISO_8859_1);
                String field = step == 2 ? new String((byte[]) values.get(i), StandardCharsets.US_ASCII) : "member";
                // every field is accounted for: digest, expiry and cooldown end (ms), issue id, failures
                assertThat(field).isIn("d", "e", "n", "i", "f", "member");
                if (field.equals("e") || field.equals("n") || field.equals("f") || field.equals("member")) {
                    assertThat(value).matches("[0-9]{1,13}");
                    continue;
                }
                if (field.equals("d")) {
                    assertThat(raw).hasSize(32);
                }
                assertThat(codes).noneMatch(value::contains);
            }
        }
    }

    @Test
    void issueAndVerifyAreOneRoundTripEach(RedisConnector redis, RedisTestContext ctx) {
        OtpService otp = builder(redis, Clock.systemUTC()).build();
        String warm = code(otp.issue("warm", PHONE));
        otp.verify("warm", PHONE, warm);

        CommandCounter issue = ctx.commandCounter();
        String code = code(otp.issue("login", PHONE));
        assertThat(issue.delta()).containsOnlyKeys("evalsha").containsEntry("evalsha", 1L);
        CommandCounter refused = ctx.commandCounter();
        assertThat(otp.issue("login", PHONE)).isInstanceOf(OtpIssue.Cooldown.class);
        assertThat(refused.delta()).containsOnlyKeys("evalsha").containsEntry("evalsha", 1L);
        CommandCounter verify = ctx.commandCounter();
        assertThat(otp.verify("login", PHONE, wrong(code))).isEqualTo(OtpResult.invalid(4));
        assertThat(otp.verify("login", PHONE, code)).isEqualTo(OtpResult.verified());
        assertThat(verify.delta()).containsOnlyKeys("evalsha").containsEntry("evalsha", 2L);
    }

    /**
     * Issue 19: issue kept the send log as a sorted set, trimmed and counted on every call (ZREMRANGEBYSCORE,
     * ZCARD, ZADD), and cleared the code hash with a DEL before its HSET: 8 Redis commands per issued code.
     * Now a capped list read with one LINDEX, and one HSET of every field. The cooldown and the sliding send
     * cap stay proven by cooldownHoldsExactlyUnderThirtyTwoConcurrentIssuers,
     * sendCapHoldsExactlyUnderThirtyTwoConcurrentIssuersAndSlides and sendLimitRetryAfterCoversALaterCooldownEnd.
     * Then an issue read the log's cap-th entry with LINDEX before its LPUSH; now the LPUSH's reply (the
     * log's length) says whether the log was full, and only then is the entry read (and the push taken back
     * with LPOP when the cap refuses): an issue below the cap runs no LINDEX.
     */
    @Test
    void issueRunsOnlyTheCommandsCooldownAndCapNeed(RedisConnector redis, RedisTestContext ctx) {
        OtpService otp = builder(redis, Clock.systemUTC()).build();
        otp.issue("warm", PHONE);
        try (CommandCounter counter = ctx.commandCounter()) {
            assertThat(otp.issue("login", PHONE)).isInstanceOf(OtpIssue.Issued.class);
            assertThat(counter.scriptDelta())
                    .containsOnly(entry("hmget", 1L), entry("lpush", 1L), entry("pexpire", 2L), entry("hset", 1L));
        }
        try (CommandCounter counter = ctx.commandCounter()) {
            assertThat(otp.issue("login", PHONE)).isInstanceOf(OtpIssue.Cooldown.class);
            assertThat(counter.scriptDelta()).containsOnly(entry("hmget", 1L), entry("lindex", 1L));
        }
    }

    @Test
    void aSendCapRefusalLeavesTheSendLogAsItWas(RedisConnector redis, RedisTestContext ctx) {
        OtpService otp = builder(redis, "capped", Clock.systemUTC())
                .resendCooldown(Duration.ZERO)
                .maxSends(2, Duration.ofHours(1))
                .build();
        otp.issue("login", PHONE);
        otp.issue("signup", PHONE);
        String log =
                ctx.keys().stream().filter(k -> k.endsWith(":sent")).findFirst().orElseThrow();
        List<String> sends = range(ctx, log);
        long ttl = (Long) ctx.raw(log, "PTTL", log);
        try (CommandCounter counter = ctx.commandCounter()) {
            assertThat(otp.issue("reset", PHONE)).isInstanceOf(OtpIssue.SendLimit.class);
            assertThat(counter.scriptDelta())
                    .containsOnly(entry("hmget", 1L), entry("lpush", 1L), entry("lindex", 1L), entry("lpop", 1L));
        }
        assertThat(range(ctx, log)).hasSize(2).isEqualTo(sends);
        assertThat((Long) ctx.raw(log, "PTTL", log)).isBetween(1L, ttl);
        assertThat(ctx.keys()).noneMatch(k -> k.endsWith(":code:reset"));
    }

    private static List<String> range(RedisTestContext ctx, String key) {
        List<String> values = new ArrayList<>();
        for (Object item : (List<?>) ctx.raw(key, "LRANGE", key, "0", "-1")) {
            values.add(new String((byte[]) item, StandardCharsets.UTF_8));
        }
        return values;
    }

    @Test
    void badInputFailsClearlyWithoutTouchingRedis(RedisConnector redis, RedisTestContext ctx) {
        OtpService otp = builder(redis, Clock.systemUTC()).build();
        String code = code(otp.issue("login", PHONE));
        List<String> before = ctx.keys();
        String bigEmail = "a".repeat(300) + "@example.com";
        CommandCounter counter = ctx.commandCounter();
        assertThatThrownBy(() -> otp.issue("login", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("destination");
        assertThatThrownBy(() -> otp.issue("login", "  "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("destination");
        assertThatThrownBy(() -> otp.issue("login", bigEmail))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("destination");
        assertThatThrownBy(() -> otp.issue("login", "12ab34567"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("destination");
        assertThatThrownBy(() -> otp.issue("login", "123"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("destination");
        assertThatThrownBy(() -> otp.issue(null, PHONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("purpose");
        assertThatThrownBy(() -> otp.issue("", PHONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("purpose");
        assertThatThrownBy(() -> otp.issue("x".repeat(65), PHONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("purpose");
        assertThatThrownBy(() -> otp.issue("Log In", PHONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("purpose");
        assertThatThrownBy(() -> otp.verify("login", PHONE, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("code");
        assertThatThrownBy(() -> otp.verify("login", "", code))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("destination");
        assertThatThrownBy(() -> otp.issueAndSend("login", PHONE, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sender");
        assertThat(counter.total()).isZero();
        assertThat(ctx.keys()).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void malformedCodesCountAsFailedAttemptsOfThatCodeOnly(RedisConnector redis, RedisTestContext ctx) {
        OtpService otp = builder(redis, Clock.systemUTC()).build();
        String mine = code(otp.issue("login", PHONE));
        String other = code(otp.issue("login", "ann@example.com"));
        String otherKey = ctx.keys().stream()
                .filter(k -> k.contains("ann@example.com") && k.endsWith(":code:login"))
                .findFirst()
                .orElseThrow();
        Object otherBefore = ctx.raw(otherKey, "HGETALL", otherKey);
        assertThat(otp.verify("login", PHONE, "12345")).isEqualTo(OtpResult.invalid(4));
        assertThat(otp.verify("login", PHONE, "1234567")).isEqualTo(OtpResult.invalid(3));
        assertThat(otp.verify("login", PHONE, "abcdef")).isEqualTo(OtpResult.invalid(2));
        assertThat(otp.verify("login", PHONE, "")).isEqualTo(OtpResult.invalid(1));
        assertThat(otp.verify("login", PHONE, "9".repeat(100_000))).isEqualTo(OtpResult.invalid(0));
        assertThat(otp.verify("login", PHONE, mine)).isEqualTo(OtpResult.locked());
        assertThat(ctx.raw(otherKey, "HGETALL", otherKey))
                .usingRecursiveComparison()
                .isEqualTo(otherBefore);
        assertThat(otp.verify("login", "ann@example.com", other)).isEqualTo(OtpResult.verified());
        assertThat(otp.verify("login", "nobody@example.com", "x")).isEqualTo(OtpResult.expired());
        assertThat(ctx.keys()).noneMatch(k -> k.contains("nobody"));
    }

    @Test
    void destinationsAreNormalisedToOneIdentity(RedisConnector redis) {
        OtpService otp = builder(redis, Clock.systemUTC()).build();
        String code = code(otp.issue("login", "  Ann@Example.COM "));
        assertThat(otp.issue("login", "ann@example.com")).isInstanceOf(OtpIssue.Cooldown.class);
        assertThat(otp.verify("login", "ANN@example.com", code)).isEqualTo(OtpResult.verified());
        String phone = code(otp.issue("login", "(+91) 98765.43210"));
        assertThat(otp.verify("login", "0091 98765 43210", phone)).isEqualTo(OtpResult.verified());
    }

    @Test
    void alphanumericCodesVerifyCaseInsensitively(RedisConnector redis) {
        OtpService otp = builder(redis, Clock.systemUTC()).alphanumeric(8).build();
        String code = code(otp.issue("login", PHONE));
        assertThat(code).hasSize(8).matches("[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{8}");
        assertThat(otp.verify(
                        "login",
                        PHONE,
                        code.toLowerCase(java.util.Locale.ROOT).substring(0, 4) + "-" + code.substring(4)))
                .isEqualTo(OtpResult.verified());
    }

    @Test
    void issueAndSendHandsTheCodeToTheSender(RedisConnector redis) {
        OtpService otp = builder(redis, Clock.systemUTC()).build();
        List<OtpMessage> sent = new ArrayList<>();
        OtpIssue issue = otp.issueAndSend("login", PHONE, sent::add);
        assertThat(sent).singleElement().satisfies(m -> {
            assertThat(m.code()).isEqualTo(code(issue));
            assertThat(m.destination()).isEqualTo(PHONE);
            assertThat(m.purpose()).isEqualTo("login");
            assertThat(m.toString()).doesNotContain(m.code());
        });
        assertThat(otp.issueAndSend("login", PHONE, sent::add)).isInstanceOf(OtpIssue.Cooldown.class);
        assertThat(sent).hasSize(1);
        assertThatThrownBy(() -> otp.issueAndSend("other", PHONE, m -> {
                    throw new IllegalStateException("gateway down");
                }))
                .hasMessage("gateway down");
        assertThat(otp.issue("other", PHONE)).isInstanceOf(OtpIssue.Cooldown.class);
    }

    @Test
    void metricsCountEachOutcome(RedisConnector redis) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        OtpService otp = builder(redis, Clock.systemUTC())
                .meterRegistry(registry)
                .maxAttempts(2)
                .maxSends(2, Duration.ofHours(1))
                .build();
        String code = code(otp.issue("login", PHONE));
        otp.issue("login", PHONE);
        otp.issue("x", PHONE);
        otp.issue("y", PHONE);
        otp.verify("login", PHONE, wrong(code));
        otp.verify("login", PHONE, wrong(code));
        otp.verify("login", PHONE, code);
        otp.verify("nothing", PHONE, code);
        assertThat(timer(registry, "issue", "issued")).isEqualTo(2);
        assertThat(timer(registry, "issue", "cooldown")).isEqualTo(1);
        assertThat(timer(registry, "issue", "send_limit")).isEqualTo(1);
        assertThat(timer(registry, "verify", "invalid")).isEqualTo(2);
        assertThat(timer(registry, "verify", "locked")).isEqualTo(1);
        assertThat(timer(registry, "verify", "expired")).isEqualTo(1);
        assertThat(registry.get("redkit.otp.lockouts")
                        .tag("name", "default")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        String x = code(otp.issue("z", "ann@example.com"));
        otp.verify("z", "ann@example.com", x);
        assertThat(timer(registry, "verify", "verified")).isEqualTo(1);
    }

    private static long timer(SimpleMeterRegistry registry, String op, String outcome) {
        return registry.get("redkit.otp." + op)
                .tag("outcome", outcome)
                .tag("name", "default")
                .timer()
                .count();
    }

    @Test
    void memoryUsageOfOneLiveOtp(RedisConnector redis, RedisTestContext ctx) {
        OtpService otp = builder(redis, Clock.systemUTC()).build();
        code(otp.issue("login", PHONE));
        long total = 0;
        StringBuilder report = new StringBuilder("MEMORY USAGE of one live OTP (" + ctx.topology() + "):");
        for (String key : ctx.keys()) {
            long bytes = (Long) ctx.raw(key, "MEMORY", "USAGE", key);
            report.append(' ')
                    .append(key.substring(key.lastIndexOf('}') + 2))
                    .append('=')
                    .append(bytes);
            total += bytes;
        }
        report.append(" total=").append(total);
        LOG.info("{}", report);
        assertThat(ctx.keys()).hasSize(2);
        assertThat(total).isLessThan(512);
    }

    @Test
    void builderValidatesEachFieldAtOnce(RedisConnector redis) {
        assertThatThrownBy(() -> OtpService.builder(null)).hasMessageContaining("connector");
        assertThatThrownBy(() -> OtpService.builder(redis).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("secret");
        assertThatThrownBy(() -> OtpService.builder(redis, "default", new byte[15]))
                .hasMessageContaining("secret");
        assertThatThrownBy(() -> OtpService.builder(redis).digits(5)).hasMessageContaining("digits");
        assertThatThrownBy(() -> OtpService.builder(redis).digits(11)).hasMessageContaining("digits");
        assertThatThrownBy(() -> OtpService.builder(redis).alphanumeric(4)).hasMessageContaining("length");
        assertThatThrownBy(() -> OtpService.builder(redis).digits(6).alphanumeric(8))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> OtpService.builder(redis).ttl(Duration.ZERO)).hasMessageContaining("ttl");
        assertThatThrownBy(() -> OtpService.builder(redis).ttl(Duration.ofDays(2)))
                .hasMessageContaining("ttl");
        assertThatThrownBy(() -> OtpService.builder(redis).maxAttempts(0)).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> OtpService.builder(redis).maxAttempts(101)).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> OtpService.builder(redis).resendCooldown(Duration.ofSeconds(-1)))
                .hasMessageContaining("resendCooldown");
        assertThatThrownBy(() -> OtpService.builder(redis).maxSends(0, Duration.ofHours(1)))
                .hasMessageContaining("maxSends");
        assertThatThrownBy(() -> OtpService.builder(redis).maxSends(5, null)).hasMessageContaining("window");
        assertThatThrownBy(() -> OtpService.builder(redis).name("Bad Name")).hasMessageContaining("name");
        assertThatThrownBy(() -> OtpService.builder(redis).clock(null)).hasMessageContaining("clock");
        assertThatThrownBy(() ->
                        OtpService.builder(redis).ttl(Duration.ofMinutes(1)).ttl(Duration.ofMinutes(2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("ttl was already set to PT1M");
        assertThatThrownBy(() -> OtpService.builder(redis, "sms", SECRET).name("email"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("name was already set to sms");
        assertThatThrownBy(() -> OtpService.builder(redis, "sms", SECRET).secret(SECRET))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("secret was already set");
        assertThatThrownBy(() -> OtpService.builder(redis, "Bad Name", SECRET)).hasMessageContaining("name");
        assertThatThrownBy(() -> OtpService.builder(redis, "default", SECRET)
                        .ttl(Duration.ofSeconds(10))
                        .resendCooldown(Duration.ofSeconds(11))
                        .build())
                .hasMessageContaining("resendCooldown");
        String text = OtpService.builder(redis, "default", SECRET).build().toString();
        assertThat(text).contains("ttl=PT5M").contains("maxAttempts=5").doesNotContain("0123456789abcdef");
    }

    private static java.util.Map<OtpResult.Status, Long> countBy(List<OtpResult> results) {
        return results.stream().collect(Collectors.groupingBy(OtpResult::status, Collectors.counting()));
    }
}
