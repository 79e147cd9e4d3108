package dev.redkit.examples.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.otp.OtpMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Before: the sender's map of last codes grew by one entry per number, forever. */
class LoggingSmsSenderTest {

    private static final class FakeClock extends Clock {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Test
    void remembersAtMostTheLastNumbersAndForgetsOldCodes() {
        FakeClock clock = new FakeClock();
        LoggingSmsSender sms = new LoggingSmsSender(false, 1_000, Duration.ofMinutes(5), clock);
        for (int i = 0; i < 1_500; i++) {
            sms.send(new OtpMessage(
                    "login", "+4477009" + String.format("%05d", i), "123456", clock.now.plusSeconds(300)));
        }
        assertThat(sms.remembered()).isEqualTo(1_000);
        assertThat(sms.lastCode("+447700900000")).as("the oldest went first").isEmpty();
        assertThat(sms.lastCode("+447700901499")).contains("123456");
        clock.now = clock.now.plus(Duration.ofMinutes(6));
        assertThat(sms.lastCode("+447700901499")).isEmpty();
        assertThat(sms.remembered()).isZero();
    }
}
