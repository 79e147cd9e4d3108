package dev.redkit.otp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import dev.redkit.embedded.junit.StoredLayout;
import org.junit.jupiter.api.Test;

/**
 * Pins the stored format of one-time codes (docs/COMPATIBILITY.md, docs/otp.md behaviour 14): a change to a key,
 * a type, a hash field or a TTL fails here before it can break a rolling deploy.
 */
@RedisTest
class OtpStoredFormatIT {

    @Test
    void aCodeIsOneHashBesideTheSendLogAndAFailedGuessAddsTheFailureLog(RedisConnector redis, RedisTestContext ctx) {
        OtpService otp = OtpService.builder(redis, "sms", OtpServiceIT.SECRET).build();
        otp.issue("login", "+15550000001");
        otp.verify("login", "+15550000001", "000000x");

        assertThat(StoredLayout.of(ctx))
                .containsExactly(
                        "otp:sms:{+15550000001}:code:login hash [d, e, f, i, n] ttl",
                        "otp:sms:{+15550000001}:fails:login list ttl",
                        "otp:sms:{+15550000001}:sent list ttl");
    }
}
