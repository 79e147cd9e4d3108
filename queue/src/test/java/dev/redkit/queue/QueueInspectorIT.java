package dev.redkit.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redkit.core.LuaScript;
import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.junit.CommandCounter;
import dev.redkit.embedded.junit.MutableClock;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import dev.redkit.queue.internal.QueueInspectorImpl;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The read-only admin view of a queue: jobs by state with their fields, one job by id, bounds, one round trip. */
@RedisTest
class QueueInspectorIT {

    record Mail(String to) {}

    @Test
    void listsJobsOfEachStateWithTheirFields(RedisConnector redis) {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        ReliableQueue<Mail> q = ReliableQueue.builder(redis, "mails", Mail.class)
                .clock(clock)
                .maxAttempts(1)
                .visibilityTimeout(Duration.ofSeconds(30))
                .build();
        q.enqueue(new Mail("a@example.com"), EnqueueOptions.immediate().id("w-1"));
        q.enqueue(
                new Mail("b@example.com"),
                EnqueueOptions.delay(Duration.ofMinutes(5)).id("d-1"));
        q.enqueue(new Mail("c@example.com"), EnqueueOptions.immediate().id("f-1"));
        q.enqueue(new Mail("<script>x</script>"), EnqueueOptions.immediate().id("i-1"));
        Delivery<Mail> first = q.poll().orElseThrow();
        assertThat(first.job().to()).isEqualTo("a@example.com");
        first.nack("smtp down");
        Delivery<Mail> held = q.poll().orElseThrow();

        QueueInspector in = QueueInspector.of(redis, "mails");
        List<JobView> dead = in.jobs(JobState.DEAD, 0, 10);
        assertThat(dead).extracting(JobView::id).containsExactly("w-1");
        assertThat(dead.get(0).lastError()).contains("smtp down");
        assertThat(dead.get(0).attempts()).isEqualTo(1);
        assertThat(in.jobs(JobState.DELAYED, 0, 10)).singleElement().satisfies(j -> {
            assertThat(j.id()).isEqualTo("d-1");
            assertThat(j.due()).contains(clock.instant().plus(Duration.ofMinutes(5)));
            assertThat(j.payload()).contains("b@example.com");
        });
        assertThat(in.jobs(JobState.IN_FLIGHT, 0, 10)).singleElement().satisfies(j -> {
            assertThat(j.id()).isEqualTo("f-1");
            assertThat(held.job().to()).isEqualTo("c@example.com");
            assertThat(j.due()).contains(clock.instant().plus(Duration.ofSeconds(30)));
            assertThat(j.enqueuedAt()).isEqualTo(clock.instant());
        });
        assertThat(in.jobs(JobState.WAITING, 0, 10)).singleElement().satisfies(j -> {
            assertThat(j.id()).isEqualTo("i-1");
            assertThat(j.payload()).contains("<script>x</script>");
            assertThat(j.due()).isEmpty();
        });
        assertThat(in.jobs(JobState.WAITING, 1, 10)).isEmpty();
        assertThat(in.job("d-1")).get().extracting(JobView::state).isEqualTo(JobState.DELAYED);
        assertThat(in.job("f-1")).get().extracting(JobView::state).isEqualTo(JobState.IN_FLIGHT);
        assertThat(in.job("nope")).isEmpty();
    }

    @Test
    void cutsLongPayloadsAndReportsTheirLength(RedisConnector redis) {
        ReliableQueue<Mail> q = ReliableQueue.builder(redis, "big", Mail.class).build();
        String to = "x".repeat(10_000);
        q.enqueue(new Mail(to), EnqueueOptions.immediate().id("big-1"));
        JobView j = QueueInspector.of(redis, "big").job("big-1").orElseThrow();
        assertThat(j.payload().getBytes(StandardCharsets.UTF_8)).hasSize(QueueInspector.MAX_PAYLOAD_BYTES);
        assertThat(j.payloadBytes()).isGreaterThan(10_000);
        assertThat(j.payloadTruncated()).isTrue();
    }

    @Test
    void eachCallIsOneRoundTripAndBoundsAreChecked(RedisConnector redis, RedisTestContext ctx) {
        ReliableQueue<Mail> q =
                ReliableQueue.builder(redis, "count", Mail.class).build();
        for (int i = 0; i < 150; i++) {
            q.enqueue(new Mail("m" + i));
        }
        QueueInspector in = QueueInspector.of(redis, "count");
        in.jobs(JobState.WAITING, 0, 1);
        in.job("warm");
        try (CommandCounter counter = ctx.commandCounter()) {
            assertThat(in.jobs(JobState.WAITING, 0, QueueInspector.MAX_PAGE)).hasSize(100);
            in.job("any");
            assertThat(counter.total()).isEqualTo(2);
        }
        assertThatThrownBy(() -> in.jobs(JobState.WAITING, 0, 101))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit");
        assertThatThrownBy(() -> in.jobs(JobState.WAITING, -1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offset");
        assertThatThrownBy(() -> QueueInspector.of(redis, "Bad Name"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("queueName");
    }

    @Test
    void scriptsCompileOnTheServer(RedisConnector redis, RedisTestContext ctx) {
        String anyKey = redis.keySpace("queue", "load").nameSlot().key("ready");
        for (LuaScript s : QueueInspectorImpl.SCRIPTS) {
            Object sha = ctx.raw(anyKey, "SCRIPT", "LOAD", s.source());
            assertThat(new String((byte[]) sha, StandardCharsets.US_ASCII))
                    .as(s.name())
                    .isEqualTo(s.sha1());
        }
    }
}
