package dev.redkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redkit.core.spi.Checks;
import dev.redkit.core.spi.Replies;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChecksAndRepliesTest {

    @Test
    void checksNameTheParameter() {
        assertThatThrownBy(() -> Checks.positive(Duration.ZERO, "ttl")).hasMessage("ttl must be positive, was PT0S");
        assertThatThrownBy(() -> Checks.positive((Duration) null, "ttl")).hasMessage("ttl must not be null");
        assertThatThrownBy(() -> Checks.notNegative(Duration.ofSeconds(-1), "grace"))
                .hasMessageStartingWith("grace");
        assertThatThrownBy(() -> Checks.positive(0, "maxAttempts")).hasMessage("maxAttempts must be positive, was 0");
        assertThatThrownBy(() -> Checks.between(11, 6, 10, "digits"))
                .hasMessage("digits must be between 6 and 10, was 11");
        assertThatThrownBy(() -> Checks.finite(Double.NaN, "score")).hasMessageStartingWith("score");
        assertThatThrownBy(() -> Checks.notEmpty("", "userId", 5)).hasMessage("userId must not be empty");
        assertThatThrownBy(() -> Checks.notEmpty("123456", "userId", 5))
                .hasMessageStartingWith("userId must be at most 5");
        assertThatThrownBy(() -> Checks.notNull(null, "job")).hasMessage("job must not be null");
        assertThat(Checks.positive(Duration.ofSeconds(1), "ttl")).isEqualTo(Duration.ofSeconds(1));
        assertThat(Checks.zeroOrPositiveMillis(Duration.ZERO, "grace")).isEqualTo(Duration.ZERO);
        assertThat(Checks.zeroOrPositiveMillis(Duration.ofMillis(1), "grace")).isEqualTo(Duration.ofMillis(1));
        assertThatThrownBy(() -> Checks.zeroOrPositiveMillis(Duration.ofNanos(999_999), "grace"))
                .hasMessage("grace must be at least 1 ms, was PT0.000999999S");
        assertThatThrownBy(() -> Checks.zeroOrPositiveMillis(Duration.ofMillis(-1), "grace"))
                .hasMessage("grace must not be negative, was PT-0.001S");
        assertThatThrownBy(() -> Checks.wellFormed("ab\uD800", "member"))
                .hasMessage("member contains an unpaired surrogate at index 2");
        assertThat(Checks.wellFormed("a\uD83D\uDE00b", "member")).isEqualTo("a\uD83D\uDE00b");
        // before NullAway's check of core, a null member was a NullPointerException naming nothing
        assertThatThrownBy(() -> Checks.wellFormed(null, "member"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("member");
        assertThatThrownBy(() -> Checks.positiveMillis(Duration.ofNanos(10), "lease"))
                .hasMessageStartingWith("lease must be at least 1 ms");
        assertThatThrownBy(() -> Checks.positiveFinite(0, "weight")).hasMessage("weight must be positive, was 0.0");
        assertThatThrownBy(() -> KeySpace.of("p", "c", "n").slot("", "offerId"))
                .hasMessage("offerId must not be empty");
    }

    @Test
    void asLongReadsIntegerRepliesExactlyAsLongParseLong() {
        for (String text : List.of(
                "0",
                "7",
                "-0",
                "+12",
                "-42",
                "123456789012345678",
                "-123456789012345678",
                "1234567890123456789",
                "9223372036854775807",
                "-9223372036854775808",
                "9223372036854775808",
                "-9223372036854775809",
                "0000000000000000000042",
                "",
                "-",
                "+",
                "1-",
                "12a",
                " 1",
                "1.0",
                "--1",
                "\u0661")) {
            byte[] reply = text.getBytes(StandardCharsets.UTF_8);
            Long expected;
            try {
                expected = Long.parseLong(new String(reply, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                expected = null;
            }
            if (expected == null) {
                assertThatThrownBy(() -> Replies.asLong(reply))
                        .as(text)
                        .isInstanceOf(RedkitException.class)
                        .hasMessageContaining("integer");
            } else {
                assertThat(Replies.asLong(reply)).as(text).isEqualTo(expected);
            }
        }
    }

    @Test
    void repliesConvertOrFailClearly() {
        assertThat(Replies.asLong(5L)).isEqualTo(5);
        assertThat(Replies.asLong("42".getBytes(StandardCharsets.US_ASCII))).isEqualTo(42);
        assertThat(Replies.asDouble("1.5".getBytes(StandardCharsets.US_ASCII))).isEqualTo(1.5);
        assertThat(Replies.asDouble("-inf".getBytes(StandardCharsets.US_ASCII))).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Replies.asString(null)).isNull();
        assertThat(Replies.asList(null)).isEmpty();
        assertThat(Replies.isOk("OK".getBytes(StandardCharsets.US_ASCII))).isTrue();
        assertThatThrownBy(() -> Replies.asLong(null))
                .isInstanceOf(RedkitException.class)
                .hasMessageContaining("integer");
        assertThatThrownBy(() -> Replies.asList(1L))
                .isInstanceOf(RedkitException.class)
                .hasMessageContaining("array");
        assertThatThrownBy(() -> Replies.asBytes(List.of())).isInstanceOf(RedkitException.class);
    }
}
