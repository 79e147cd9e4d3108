package dev.redkit.otp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.junit.MutableClock;
import dev.redkit.embedded.junit.RedisTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Regression for issue 23: {@code +44…}, {@code 0044…} and {@code +44 (0)…} were three destinations, so each form
 * had its own cooldown, send cap and guess budget. They are one destination now.
 */
@RedisTest
class OtpPhoneVariantsIT {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final List<String> VARIANTS =
            List.of("+44 20 7946 0958", "0044 20 7946 0958", "+44 (0)20 7946 0958", "+44.20.7946.0958");

    @Test
    void variantsShareOneCooldownAndOneCode(RedisConnector redis) {
        OtpService otp = OtpService.builder(redis, "default", SECRET).build();
        OtpIssue first = otp.issue("login", VARIANTS.get(0));
        assertThat(first).isInstanceOf(OtpIssue.Issued.class);
        for (String variant : VARIANTS.subList(1, VARIANTS.size())) {
            assertThat(otp.issue("login", variant)).as(variant).isInstanceOf(OtpIssue.Cooldown.class);
        }
        assertThat(otp.verify("login", VARIANTS.get(2), ((OtpIssue.Issued) first).code()))
                .isEqualTo(OtpResult.verified());
    }

    @Test
    void variantsShareOneSendCap(RedisConnector redis) {
        MutableClock clock = MutableClock.now();
        OtpService otp = OtpService.builder(redis, "default", SECRET)
                .clock(clock)
                .resendCooldown(Duration.ofSeconds(30))
                .maxSends(2, Duration.ofHours(1))
                .build();
        assertThat(otp.issue("login", VARIANTS.get(0)).issued()).isTrue();
        clock.advance(Duration.ofMinutes(1));
        assertThat(otp.issue("login", VARIANTS.get(1)).issued()).isTrue();
        for (String variant : VARIANTS) {
            clock.advance(Duration.ofMinutes(1));
            assertThat(otp.issue("login", variant)).as(variant).isInstanceOf(OtpIssue.SendLimit.class);
        }
    }

    @Test
    void variantsShareOneGuessBudget(RedisConnector redis) {
        OtpService otp =
                OtpService.builder(redis, "default", SECRET).maxAttempts(3).build();
        String code = ((OtpIssue.Issued) otp.issue("login", VARIANTS.get(0))).code();
        String wrong =
                code.charAt(0) == '9' ? '0' + code.substring(1) : (char) (code.charAt(0) + 1) + code.substring(1);
        for (String variant : VARIANTS.subList(1, VARIANTS.size())) {
            assertThat(otp.verify("login", variant, wrong).status())
                    .as(variant)
                    .isIn(OtpResult.Status.INVALID, OtpResult.Status.LOCKED);
        }
        assertThat(otp.verify("login", VARIANTS.get(0), code).status())
                .as("3 wrong guesses over 3 spellings")
                .isEqualTo(OtpResult.Status.LOCKED);
    }
}
