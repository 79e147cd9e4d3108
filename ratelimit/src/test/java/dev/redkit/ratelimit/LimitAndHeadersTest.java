package dev.redkit.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LimitAndHeadersTest {

    @Test
    void limitsAreValidatedNamingTheField() {
        assertThat(Limit.perMinute(100)).isEqualTo(new Limit(100, Duration.ofMinutes(1), 100));
        assertThat(Limit.perDay(5).window()).isEqualTo(Duration.ofDays(1));
        assertThat(Limit.perHour(5).window()).isEqualTo(Duration.ofHours(1));
        assertThat(Limit.perSecond(5).window()).isEqualTo(Duration.ofSeconds(1));
        Limit sms = Limit.of(10, Duration.ofSeconds(1)).burst(20);
        assertThat(sms.burst()).isEqualTo(20);
        assertThat(sms.permits()).isEqualTo(10);
        assertThat(sms).hasToString("10/PT1S burst 20");
        assertThatThrownBy(() -> Limit.perMinute(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("permits");
        assertThatThrownBy(() -> Limit.perMinute(-3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("permits");
        assertThatThrownBy(() -> Limit.perMinute(Limit.MAX_PERMITS + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Limit.of(5, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window");
        assertThatThrownBy(() -> Limit.of(5, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window");
        assertThatThrownBy(() -> Limit.of(5, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window");
        assertThatThrownBy(() -> Limit.of(5, Duration.ofNanos(1500)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("milliseconds");
        assertThatThrownBy(() -> Limit.of(5, Duration.ofDays(367)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window");
        assertThatThrownBy(() -> Limit.perMinute(5).burst(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("burst");
    }

    @Test
    void deniedDecisionMapsToEveryHeader() {
        RateLimitDecision d = new RateLimitDecision(
                false, 100, 0, Duration.ofMillis(17_200), Duration.ofMillis(17_200), Duration.ofMinutes(1));
        Map<String, String> h = RateLimitHeaders.of(d);
        assertThat(h)
                .containsExactly(
                        Map.entry("X-RateLimit-Limit", "100"),
                        Map.entry("X-RateLimit-Remaining", "0"),
                        Map.entry("X-RateLimit-Reset", "18"),
                        Map.entry("RateLimit-Policy", "\"100-per-60s\";q=100;w=60"),
                        Map.entry("RateLimit", "\"100-per-60s\";r=0;t=18"),
                        Map.entry("Retry-After", "18"));
    }

    @Test
    void allowedDecisionHasNoRetryAfterAndSubSecondTimesRoundUp() {
        RateLimitDecision d =
                new RateLimitDecision(true, 20, 19, Duration.ofMillis(50), Duration.ZERO, Duration.ofMillis(500));
        Map<String, String> h = RateLimitHeaders.of(d);
        assertThat(h)
                .doesNotContainKey("Retry-After")
                .containsEntry("X-RateLimit-Reset", "1")
                .containsEntry("RateLimit-Policy", "\"20-per-1s\";q=20;w=1")
                .containsEntry("RateLimit", "\"20-per-1s\";r=19;t=1");
        assertThatThrownBy(() -> h.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> RateLimitHeaders.of(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decisionsAreValidated() {
        assertThatThrownBy(() ->
                        new RateLimitDecision(true, 5, 1, Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retryAfter");
        assertThatThrownBy(
                        () -> new RateLimitDecision(true, 5, -1, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("remaining");
        assertThatThrownBy(() -> new RateLimitDecision(true, 5, 1, null, Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("resetAfter");
    }
}
