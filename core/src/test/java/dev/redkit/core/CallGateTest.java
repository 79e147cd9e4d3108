package dev.redkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gate describes a call only when it refuses it: the messages still name the script, the command or the
 * pipeline's size, as they did when every call built its description up front.
 */
class CallGateTest {

    private static final LuaScript SCRIPT = LuaScript.of("dev/redkit/x/acquire.lua", "return 1");

    @Test
    void aCallWhoseDeadlineLeftNoTimeToWaitIsRefusedByName() {
        CallGate gate = new CallGate(1, 10, Duration.ofSeconds(2), Duration.ofSeconds(1), "h:1");
        assertThat(gate.enterForSubscription()).isTrue();
        long longAgo = System.nanoTime() - Duration.ofSeconds(5).toNanos();
        assertThatThrownBy(() -> gate.enter(SCRIPT.call(List.of("k"), List.of()), longAgo))
                .isInstanceOfSatisfying(
                        RedisUnavailableException.class,
                        e -> assertThat(e.mayHaveBeenApplied()).isFalse())
                .hasMessageContaining("no free connection in the pool for script dev/redkit/x/acquire.lua in time");
        assertThatThrownBy(() -> gate.enter(RedisCommand.of("GET", "k"), longAgo))
                .hasMessageContaining("no free connection in the pool for GET in time");
        gate.leave();
        gate.enter(RedisCommand.of("GET", "k"), longAgo);
        assertThat(gate.inUse()).isEqualTo(1);
        gate.leave();
        assertThat(gate.inUse()).isZero();
    }

    @Test
    void beyondMaxQueuedCallsAPipelineIsRefusedWithItsSize() {
        CallGate gate = new CallGate(1, 0, Duration.ofSeconds(30), Duration.ofSeconds(1), "h:1");
        assertThat(gate.enterForSubscription()).isTrue();
        List<RedisCommand> pipeline = List.of(RedisCommand.of("GET", "a"), RedisCommand.of("GET", "b"));
        assertThatThrownBy(() -> gate.enter(pipeline, System.nanoTime()))
                .isInstanceOf(RedisUnavailableException.class)
                .hasMessageContaining("no free connection in the pool for pipeline of 2 commands and 0 callers already"
                        + " waiting (maxQueuedCalls)");
        assertThatThrownBy(() -> gate.enter("PUBLISH", System.nanoTime())).hasMessageContaining("for PUBLISH and");
        assertThat(gate.waiters()).isZero();
    }
}
