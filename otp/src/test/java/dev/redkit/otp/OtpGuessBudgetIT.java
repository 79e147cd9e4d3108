package dev.redkit.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.junit.MutableClock;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays an attacker who can trigger codes and guesses wrong as often as the service lets them, on a fake
 * clock, and counts the wrong guesses the service compared ({@code INVALID} answers) per rolling window.
 */
@RedisTest
class OtpGuessBudgetIT {
    private static final Logger LOG = LoggerFactory.getLogger(OtpGuessBudgetIT.class);

    static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final String PHONE = "+919876543210";
    static final Duration DAY = Duration.ofDays(1);

    /** The moments (clock millis) of every wrong guess the service compared and counted. */
    private final List<Long> counted = new ArrayList<>();
    /** How many submissions were refused by the failure budget. */
    private int lockedOut;

    @Test
    void boundaryTimingAttackGetsMaxSendsPlusOneCodesIntoOneSendWindow(RedisConnector redis) {
        MutableClock clock = MutableClock.at("2026-12-01T00:00:00Z");
        OtpService otp =
                OtpService.builder(redis, "default", SECRET).clock(clock).build();

        boundaryAttack(otp, clock, 5, Duration.ofHours(1));

        // the documented exact bound per send window: (maxSends + 1) x maxAttempts = 30, inside less than an hour
        assertThat(counted).hasSize(30);
        assertThat(counted.get(29) - counted.get(0))
                .isLessThan(Duration.ofHours(1).toMillis());
    }

    @Test
    void boundaryTimingAttackWithADailySendWindowStopsAtTheFailureBudget(RedisConnector redis, RedisTestContext ctx) {
        MutableClock clock = MutableClock.at("2026-12-01T00:00:00Z");
        OtpService otp = OtpService.builder(redis, "default", SECRET)
                .clock(clock)
                .maxSends(20, DAY)
                .build();

        boundaryAttack(otp, clock, 20, DAY);

        // before the failure budget: (20 + 1) x 5 = 105 wrong guesses inside 24 h
        assertThat(counted).hasSize(100);
        assertThat(otp.verify("login", PHONE, "000000")).isEqualTo(OtpResult.lockedOut());
        String log = ctx.keys().stream()
                .filter(k -> k.endsWith(":fails:login"))
                .findFirst()
                .orElseThrow();
        long bytes = (Long) ctx.raw(log, "MEMORY", "USAGE", log);
        LOG.info("MEMORY USAGE of a full failure log of 100 ({}): {}", ctx.topology(), bytes);
        assertThat(bytes).isLessThan(1_600);
        assertThat(maxInAnyWindow(DAY)).isEqualTo(100);
    }

    @Test
    void greedyAttackerGetsAtMostOneHundredWrongGuessesInAnyTwentyFourHours(RedisConnector redis) {
        MutableClock clock = MutableClock.at("2026-12-01T00:00:00Z");
        OtpService otp =
                OtpService.builder(redis, "default", SECRET).clock(clock).build();

        greedyAttack(otp, clock, Duration.ofHours(72));
        assertThat(lockedOut).isPositive();

        // before the failure budget: 600 (5 codes an hour, 5 guesses each, 24 hours)
        assertThat(maxInAnyWindow(DAY)).isEqualTo(100);
        // the budget slides: once the oldest failures are a day old, guesses resume at the pace they aged out
        assertThat(counted.size()).isBetween(200, 300);
    }

    @Test
    void lockedOutRefusesEvenTheRightCodeUntilTheOldestFailureIsOneWindowOld(RedisConnector redis) {
        MutableClock clock = MutableClock.at("2026-12-01T00:00:00Z");
        OtpService otp = OtpService.builder(redis, "default", SECRET)
                .clock(clock)
                .maxAttempts(5)
                .resendCooldown(Duration.ZERO)
                .maxFailures(7, Duration.ofDays(2))
                .build();
        String first = code(otp.issue("login", PHONE));
        for (int left = 4; left >= 0; left--) {
            assertThat(otp.verify("login", PHONE, wrong(first))).isEqualTo(OtpResult.invalid(left));
        }
        clock.advance(Duration.ofHours(1));
        String second = code(otp.issue("login", PHONE));
        // the code tolerates 5 more, the budget 2: attemptsLeft reports the smaller
        assertThat(otp.verify("login", PHONE, wrong(second))).isEqualTo(OtpResult.invalid(1));
        assertThat(otp.verify("login", PHONE, wrong(second))).isEqualTo(OtpResult.invalid(0));
        assertThat(otp.verify("login", PHONE, second)).isEqualTo(OtpResult.lockedOut());
        // a new code does not lift it; other purposes have their own budget
        String third = code(otp.issue("login", PHONE));
        assertThat(otp.verify("login", PHONE, third)).isEqualTo(OtpResult.lockedOut());
        assertThat(otp.verify("payout", PHONE, "123456")).isEqualTo(OtpResult.expired());

        // the first 5 failures were at the start: one ms before they are two days old, still locked out
        clock.advance(Duration.ofDays(2).minusHours(1).minusMillis(1));
        assertThat(otp.verify("login", PHONE, third)).isEqualTo(OtpResult.lockedOut());
        clock.advance(Duration.ofMillis(1));
        String fourth = code(otp.issue("login", PHONE));
        // 5 failures aged out together, so 5 are allowed again, then the code locks
        assertThat(otp.verify("login", PHONE, wrong(fourth))).isEqualTo(OtpResult.invalid(4));
        assertThat(otp.verify("login", PHONE, fourth)).isEqualTo(OtpResult.verified());
    }

    @Test
    void theBudgetCanOnlyBeMadeStricter(RedisConnector redis) {
        assertThatThrownBy(() -> OtpService.builder(redis).maxFailures(101, DAY))
                .hasMessageContaining("maxFailures");
        assertThatThrownBy(() -> OtpService.builder(redis).maxFailures(0, DAY)).hasMessageContaining("maxFailures");
        assertThatThrownBy(() -> OtpService.builder(redis).maxFailures(10, Duration.ofHours(23)))
                .hasMessageContaining("window");
        assertThatThrownBy(() -> OtpService.builder(redis).maxFailures(10, Duration.ofDays(31)))
                .hasMessageContaining("window");
        assertThatThrownBy(() -> OtpService.builder(redis).maxFailures(10, DAY).maxFailures(10, DAY))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("maxFailures");
        assertThat(OtpService.builder(redis, "default", SECRET).build().toString())
                .contains("maxFailures=100 per PT24H");
    }

    /**
     * Fills the send window with {@code maxSends - 1} unused codes and one last code X issued one second
     * before the window ends; guesses X just after, then takes a new code as soon as each old send ages out,
     * the last one when X's own send ages out, and guesses each code {@code maxAttempts} times.
     */
    private void boundaryAttack(OtpService otp, MutableClock clock, int maxSends, Duration window) {
        long start = clock.millis();
        for (int i = 0; i < maxSends - 1; i++) {
            clock.set(java.time.Instant.ofEpochMilli(
                    start + Duration.ofSeconds(60 + 30L * i).toMillis()));
            assertThat(otp.issue("login", PHONE).issued()).isTrue();
        }
        clock.set(java.time.Instant.ofEpochMilli(start + window.toMillis() - 1000));
        String x = code(otp.issue("login", PHONE));
        clock.advance(Duration.ofMillis(1));
        guessUntilRefused(otp, clock, x);
        for (int i = 0; i < maxSends - 1; i++) {
            clock.set(java.time.Instant.ofEpochMilli(
                    start + Duration.ofSeconds(60 + 30L * i).toMillis() + window.toMillis()));
            guessUntilRefused(otp, clock, code(otp.issue("login", PHONE)));
        }
        clock.set(java.time.Instant.ofEpochMilli(start + 2 * window.toMillis() - 1000));
        guessUntilRefused(otp, clock, code(otp.issue("login", PHONE)));
    }

    /** Takes a code whenever the service allows one (waiting exactly the retry-after) and guesses it to the end. */
    private void greedyAttack(OtpService otp, MutableClock clock, Duration length) {
        long end = clock.millis() + length.toMillis();
        while (clock.millis() < end) {
            OtpIssue issue = otp.issue("login", PHONE);
            if (issue instanceof OtpIssue.Issued) {
                guessUntilRefused(otp, clock, ((OtpIssue.Issued) issue).code());
            } else if (issue instanceof OtpIssue.Cooldown) {
                clock.advance(((OtpIssue.Cooldown) issue).retryAfter());
            } else {
                clock.advance(((OtpIssue.SendLimit) issue).retryAfter());
            }
        }
    }

    private void guessUntilRefused(OtpService otp, MutableClock clock, String code) {
        OtpResult result;
        while ((result = otp.verify("login", PHONE, wrong(code))).status() == OtpResult.Status.INVALID) {
            counted.add(clock.millis());
        }
        if (result.status() == OtpResult.Status.LOCKED_OUT) {
            lockedOut++;
        }
    }

    private int maxInAnyWindow(Duration window) {
        int best = 0;
        int from = 0;
        for (int to = 0; to < counted.size(); to++) {
            while (counted.get(to) - counted.get(from) >= window.toMillis()) {
                from++;
            }
            best = Math.max(best, to - from + 1);
        }
        return best;
    }

    private static String code(OtpIssue issue) {
        assertThat(issue).isInstanceOf(OtpIssue.Issued.class);
        return ((OtpIssue.Issued) issue).code();
    }

    private static String wrong(String code) {
        return code.charAt(0) == '9' ? '0' + code.substring(1) : (char) (code.charAt(0) + 1) + code.substring(1);
    }
}
