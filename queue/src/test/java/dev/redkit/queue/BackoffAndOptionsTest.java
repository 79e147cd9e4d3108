package dev.redkit.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackoffAndOptionsTest {

    @Test
    void exponentialDoublesUpToTheCap() {
        Backoff b = Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(10));
        assertThat(b.delay(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.delay(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.delay(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(b.delay(5)).isEqualTo(Duration.ofSeconds(10));
        assertThat(b.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(10));
        Backoff huge = Backoff.exponential(Duration.ofMillis(3), Duration.ofMillis(Long.MAX_VALUE / 2));
        assertThat(huge.delay(1000)).isEqualTo(Duration.ofMillis(Long.MAX_VALUE / 2));
    }

    @Test
    void jitterStaysBetweenHalfAndFullDelay() {
        Backoff b = Backoff.exponential(Duration.ofSeconds(1), Duration.ofMinutes(10))
                .withJitter();
        for (int i = 0; i < 1000; i++) {
            assertThat(b.delay(3).toMillis()).isBetween(2000L, 4000L);
        }
        assertThat(Backoff.fixed(Duration.ZERO).withJitter().delay(7)).isZero();
    }

    @Test
    void invalidValuesNameTheField() {
        assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max");
        assertThatThrownBy(() -> Backoff.exponential(null, Duration.ofSeconds(1)))
                .hasMessageContaining("base");
        assertThatThrownBy(() -> Backoff.fixed(Duration.ofSeconds(-1))).hasMessageContaining("delay");
        assertThatThrownBy(() -> Backoff.fixed(Duration.ZERO).delay(0)).hasMessageContaining("failures");
        assertThatThrownBy(() -> EnqueueOptions.delay(Duration.ofSeconds(-1))).hasMessageContaining("delay");
        assertThatThrownBy(() -> EnqueueOptions.runAt(null)).hasMessageContaining("runAt");
        assertThatThrownBy(() -> EnqueueOptions.immediate().id("")).hasMessageContaining("id");
        assertThatThrownBy(() -> EnqueueOptions.immediate().id("x".repeat(513))).hasMessageContaining("id");
        assertThatThrownBy(() -> EnqueueOptions.immediate().priority(10)).hasMessageContaining("priority");
    }

    @Test
    void optionsAreImmutableCopies() {
        EnqueueOptions base = EnqueueOptions.delay(Duration.ofMinutes(5));
        EnqueueOptions withId = base.id("order-1234-confirmation").priority(3);
        assertThat(base.id()).isNull();
        assertThat(withId.id()).isEqualTo("order-1234-confirmation");
        assertThat(withId.priority()).isEqualTo(3);
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(withId.runTime(now)).isEqualTo(now.plusSeconds(300));
        assertThat(EnqueueOptions.runAt(now).runTime(now.plusSeconds(9))).isEqualTo(now);
        assertThat(withId.toString()).contains("order-1234-confirmation");
    }
}
