package dev.redkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReplicaAckTest {

    private static final RedisConfig CONFIG = RedisConfig.fromUrl("redis://localhost:6379").toBuilder()
            .socketTimeout(Duration.ofMillis(500))
            .build();

    @Test
    void noneSendsNoWait() {
        assertThat(ReplicaAck.none().required()).isFalse();
        assertThat(ReplicaAck.none().requireFits(CONFIG, "replicaAck")).isSameAs(ReplicaAck.none());
        assertThat(ReplicaAck.none()).hasToString("ReplicaAck[none]");
    }

    @Test
    void requirementIsValidatedWithTheFieldName() {
        assertThat(ReplicaAck.of(2, Duration.ofMillis(50))).hasToString("ReplicaAck[2 within 50 ms]");
        assertThatThrownBy(() -> ReplicaAck.of(0, Duration.ofMillis(50)))
                .hasMessageContaining("replicas must be at least 1");
        assertThatThrownBy(() -> new ReplicaAck(-1, Duration.ZERO))
                .hasMessageContaining("replicas must not be negative");
        assertThatThrownBy(() -> ReplicaAck.of(1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> ReplicaAck.of(1, Duration.ofNanos(10))).hasMessageContaining("at least 1 ms");
        assertThatThrownBy(() -> ReplicaAck.of(1, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeout must not be null");
    }

    @Test
    void theServersWaitMustEndBeforeTheClientsSocketTimeout() {
        assertThat(ReplicaAck.of(1, Duration.ofMillis(499))
                        .requireFits(CONFIG, "replicaAck")
                        .timeout())
                .isEqualTo(Duration.ofMillis(499));
        assertThatThrownBy(() -> ReplicaAck.of(1, Duration.ofMillis(500)).requireFits(CONFIG, "replicaAck"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("replicaAck.timeout (500 ms) must be shorter than the socket timeout (500 ms)");
    }
}
