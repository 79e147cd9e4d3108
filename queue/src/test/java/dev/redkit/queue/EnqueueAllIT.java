package dev.redkit.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.junit.CommandCounter;
import dev.redkit.embedded.junit.MutableClock;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@RedisTest
class EnqueueAllIT {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private static List<EmailJob> jobs(int n) {
        return IntStream.range(0, n).mapToObj(i -> new EmailJob("a@x", i)).toList();
    }

    @Test
    void storesABatchInOneRoundTripPerFiveHundredJobsInOrder(RedisConnector redis, RedisTestContext ctx) {
        ReliableQueue<EmailJob> q =
                ReliableQueue.builder(redis, "bulk", EmailJob.class).build();
        q.enqueueAll(jobs(1));
        q.poll().orElseThrow().ack();

        List<EnqueueResult> results;
        try (CommandCounter counter = ctx.commandCounter()) {
            results = q.enqueueAll(jobs(1200));
            assertThat(counter.delta()).containsOnlyKeys("evalsha").containsEntry("evalsha", 3L);
        }
        assertThat(results).hasSize(1200).allMatch(EnqueueResult::created);
        assertThat(results.stream().map(EnqueueResult::id).distinct()).hasSize(1200);
        assertThat(q.stats()).isEqualTo(new QueueStats(1200, 0, 0, 0));
        for (int i = 0; i < 1200; i++) {
            Delivery<EmailJob> d = q.poll().orElseThrow();
            assertThat(d.job().n()).isEqualTo(i);
            assertThat(d.id()).isEqualTo(results.get(i).id());
            assertThat(d.ack()).isTrue();
        }
        assertThat(q.stats().total()).isZero();
    }

    @Test
    void isIdempotentPerIdAndHonoursDelayAndPriority(RedisConnector redis) {
        MutableClock clock = new MutableClock(T0);
        ReliableQueue<EmailJob> q = ReliableQueue.builder(redis, "bulk", EmailJob.class)
                .clock(clock)
                .build();
        assertThat(q.enqueue(new EmailJob("a@x", 0), EnqueueOptions.immediate().id("j0"))
                        .created())
                .isTrue();
        List<String> ids = List.of("j0", "j1", "j1", "j3", "j4");
        List<EnqueueResult> r = q.enqueueAll(jobs(5), job -> switch (job.n()) {
            case 3 -> EnqueueOptions.delay(Duration.ofMinutes(1)).id(ids.get(3));
            case 4 -> EnqueueOptions.immediate().id(ids.get(4)).priority(9);
            default -> EnqueueOptions.immediate().id(ids.get(job.n()));
        });
        assertThat(r).extracting(EnqueueResult::created).containsExactly(false, true, false, true, true);
        assertThat(r).extracting(EnqueueResult::id).containsExactlyElementsOf(ids);
        assertThat(q.stats()).isEqualTo(new QueueStats(3, 0, 1, 0));
        for (String id : List.of("j4", "j0", "j1")) {
            Delivery<EmailJob> d = q.poll().orElseThrow();
            assertThat(d.id()).isEqualTo(id);
            assertThat(d.ack()).isTrue();
        }
        assertThat(q.poll()).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        assertThat(q.poll().orElseThrow().id()).isEqualTo("j3");
        // the whole list again: every id is known
        assertThat(q.enqueueAll(jobs(5), job -> EnqueueOptions.immediate().id(ids.get(job.n()))))
                .noneMatch(EnqueueResult::created);
    }

    @Test
    void validatesEveryJobBeforeStoringAny(RedisConnector redis, RedisTestContext ctx) {
        ReliableQueue<EmailJob> q = ReliableQueue.builder(redis, "bulk", EmailJob.class)
                .maxPayloadBytes(100)
                .build();
        List<EmailJob> withNull = new ArrayList<>(jobs(3));
        withNull.set(1, null);
        assertThatThrownBy(() -> q.enqueueAll(withNull))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jobs[1]");
        List<EmailJob> tooBig = new ArrayList<>(jobs(3));
        char[] big = new char[200];
        Arrays.fill(big, 'x');
        tooBig.set(2, new EmailJob(new String(big), 2));
        assertThatThrownBy(() -> q.enqueueAll(tooBig))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jobs[2]")
                .hasMessageContaining("maxPayloadBytes");
        assertThatThrownBy(() -> q.enqueueAll(jobs(2), job -> null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("options");
        assertThatThrownBy(() -> q.enqueueAll(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jobs");
        assertThat(q.stats().total()).isZero();
        assertThat(ctx.keys()).isEmpty();
        assertThat(q.enqueueAll(List.of())).isEmpty();
    }
}
