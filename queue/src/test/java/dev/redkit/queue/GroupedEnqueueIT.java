package dev.redkit.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.RedisConnector;
import dev.redkit.core.RedisUnavailableException;
import dev.redkit.embedded.EmbeddedRedis;
import dev.redkit.embedded.junit.CommandCounter;
import dev.redkit.embedded.junit.Faults;
import dev.redkit.embedded.junit.MutableClock;
import dev.redkit.embedded.junit.Races;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Group commit of {@link ReliableQueue#enqueue}: callers that enqueue while another enqueue of the same queue is in
 * flight go out together in one script call, and each still gets its own result, rule per id, options and failure.
 */
@RedisTest
class GroupedEnqueueIT {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final int THREADS = 16;
    private static final int PER_THREAD = 150;

    @Test
    void concurrentEnqueuesShareScriptCallsAndEachCallerGetsItsOwnResult(RedisConnector redis, RedisTestContext ctx)
            throws Exception {
        ReliableQueue<EmailJob> q =
                ReliableQueue.builder(redis, "grouped", EmailJob.class).build();
        q.stats();
        AtomicInteger next = new AtomicInteger();
        Map<String, EnqueueResult> byCaller = new ConcurrentHashMap<>();
        long scripts;
        try (CommandCounter counter = ctx.commandCounter()) {
            Races.race(THREADS, () -> {
                for (int i = 0; i < PER_THREAD; i++) {
                    int n = next.getAndIncrement();
                    // every third job has a caller-given id that two callers share: exactly one of them creates it
                    EnqueueOptions options =
                            n % 3 == 0 ? EnqueueOptions.immediate().id("shared-" + n / 6) : EnqueueOptions.immediate();
                    byCaller.put("call-" + n, q.enqueue(new EmailJob("a@x", n), options));
                }
                return null;
            });
            scripts = counter.count("evalsha");
        }
        int calls = THREADS * PER_THREAD;
        Faults.report(
                "queue",
                String.format(
                        "grouped enqueue, %d threads x %d jobs: %d script calls, %.2f jobs per call",
                        THREADS, PER_THREAD, scripts, calls / (double) scripts));
        assertThat(scripts)
                .as("script calls for %d concurrent enqueues (one each without group commit)", calls)
                .isLessThanOrEqualTo(calls * 3L / 4);

        Map<String, Integer> createdPerId = new HashMap<>();
        Set<String> ids = new HashSet<>();
        for (int n = 0; n < calls; n++) {
            EnqueueResult r = byCaller.get("call-" + n);
            assertThat(r).as("result of call %d", n).isNotNull();
            if (n % 3 == 0) {
                assertThat(r.id()).isEqualTo("shared-" + n / 6);
            } else {
                assertThat(r.created()).as("a generated id is always new").isTrue();
            }
            ids.add(r.id());
            if (r.created()) {
                createdPerId.merge(r.id(), 1, Integer::sum);
            }
        }
        assertThat(createdPerId.keySet()).isEqualTo(ids);
        assertThat(createdPerId.values()).as("one creator per id").containsOnly(1);
        assertThat(q.stats().waiting()).isEqualTo(ids.size());
        Set<String> polled = new HashSet<>();
        Optional<Delivery<EmailJob>> d;
        while ((d = q.poll()).isPresent()) {
            assertThat(polled.add(d.get().id())).isTrue();
            assertThat(d.get().ack()).isTrue();
        }
        assertThat(polled).isEqualTo(ids);
    }

    @Test
    void eachJobOfAGroupKeepsItsOwnDelayAndPriority(RedisConnector redis) throws Exception {
        MutableClock clock = new MutableClock(T0);
        ReliableQueue<EmailJob> q = ReliableQueue.builder(redis, "grouped", EmailJob.class)
                .clock(clock)
                .build();
        q.stats();
        AtomicInteger next = new AtomicInteger();
        Races.race(THREADS, () -> {
            for (int i = 0; i < 40; i++) {
                int n = next.getAndIncrement();
                EnqueueOptions options = switch (n % 4) {
                    case 0 -> EnqueueOptions.delay(Duration.ofMinutes(1));
                    case 1 -> EnqueueOptions.immediate().priority(9);
                    default -> EnqueueOptions.immediate();
                };
                q.enqueue(new EmailJob("a@x", n), options);
            }
            return null;
        });
        int total = THREADS * 40;
        assertThat(q.stats()).isEqualTo(new QueueStats(total * 3 / 4, 0, total / 4, 0));
        List<Integer> kinds = new ArrayList<>();
        Optional<Delivery<EmailJob>> d;
        while ((d = q.poll()).isPresent()) {
            kinds.add(d.get().job().n() % 4);
            d.get().ack();
        }
        assertThat(kinds).hasSize(total * 3 / 4);
        assertThat(kinds.subList(0, total / 4)).as("priority 9 first").containsOnly(1);
        assertThat(kinds.subList(total / 4, kinds.size())).containsOnly(2, 3);
        clock.advance(Duration.ofMinutes(1));
        int delayed = 0;
        while ((d = q.poll()).isPresent()) {
            assertThat(d.get().job().n() % 4).isZero();
            d.get().ack();
            delayed++;
        }
        assertThat(delayed).isEqualTo(total / 4);
    }

    @Test
    void whenRedisStallsEachCallerGetsItsOwnExceptionAndEveryConfirmedJobIsStored(RedisTestContext ctx)
            throws Exception {
        RedisConnector shortRedis = ctx.newConnector(b -> b.socketTimeout(Duration.ofMillis(300))
                .connectTimeout(Duration.ofMillis(300))
                .callTimeout(Duration.ofMillis(600)));
        ReliableQueue<EmailJob> q =
                ReliableQueue.builder(shortRedis, "grouped", EmailJob.class).build();
        q.stats();
        List<Faults.Fault> pauses = new ArrayList<>();
        for (EmbeddedRedis node : ctx.dataNodes()) {
            pauses.add(Faults.clientPause(node, Duration.ofMillis(1500)));
        }
        AtomicInteger next = new AtomicInteger();
        Map<Integer, Object> outcomes = new ConcurrentHashMap<>();
        pauses.forEach(p -> p.start().run());
        Races.race(8, () -> {
            for (int i = 0; i < 3; i++) {
                int n = next.getAndIncrement();
                try {
                    outcomes.put(
                            n,
                            q.enqueue(
                                    new EmailJob("a@x", n),
                                    EnqueueOptions.immediate().id("job-" + n)));
                } catch (RedisUnavailableException e) {
                    outcomes.put(n, e);
                }
            }
            return null;
        });
        pauses.forEach(p -> p.heal().run());
        assertThat(outcomes).hasSize(24);
        Set<Object> failures = new HashSet<>();
        Set<String> stored = new HashSet<>();
        Faults.retry(() -> stored.addAll(ids(q)), Duration.ofSeconds(10));
        for (Map.Entry<Integer, Object> o : outcomes.entrySet()) {
            if (o.getValue() instanceof EnqueueResult r) {
                assertThat(r.created()).isTrue();
                assertThat(stored).as("a confirmed job is stored").contains(r.id());
            } else {
                RedisUnavailableException e = (RedisUnavailableException) o.getValue();
                assertThat(failures.add(e))
                        .as("an exception of its own per caller")
                        .isTrue();
                if (!e.mayHaveBeenApplied()) {
                    assertThat(stored).as("a job reported as not sent").doesNotContain("job-" + o.getKey());
                }
            }
        }
        assertThat(failures).as("callers failed while Redis was paused").isNotEmpty();
    }

    private static Set<String> ids(ReliableQueue<EmailJob> q) {
        Set<String> ids = new HashSet<>();
        Optional<Delivery<EmailJob>> d;
        while ((d = q.poll()).isPresent()) {
            ids.add(d.get().id());
            d.get().ack();
        }
        return ids;
    }
}
