package dev.redkit.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redkit.core.EvictionCheck;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.RedisUnavailableException;
import dev.redkit.embedded.EmbeddedRedis;
import dev.redkit.embedded.FaultProxy;
import dev.redkit.embedded.LogCapture;
import dev.redkit.embedded.OutageProbe;
import dev.redkit.embedded.junit.Faults;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The queue under server and network faults, each on its own server (so it runs once, not per topology):
 * with {@code appendfsync always} no accepted job is lost across repeated SIGKILLs of Redis under running
 * workers; an enqueue whose reply was lost, retried under the same id, stores the job exactly once; threads
 * and heap stay flat through an outage. Figures go to the log (logger {@code dev.redkit.reliability.queue}, through {@code Faults.report}).
 */
class QueueFaultIT {

    /** 3 s in CI; run with -Dredkit.outage.seconds=30 for the figure in docs/RELIABILITY.md. */
    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("redkit.outage.seconds", 3));

    @Test
    void noAcceptedJobIsLostAcrossSigkillsWithAppendFsyncAlways() throws Exception {
        try (EmbeddedRedis server = EmbeddedRedis.builder().appendOnly(true).start();
                RedisConnector redis = RedisConnector.create(server.config().toBuilder()
                        .socketTimeout(Duration.ofMillis(500))
                        .connectTimeout(Duration.ofMillis(500))
                        .build())) {
            ReliableQueue<EmailJob> q = ReliableQueue.builder(redis, "aof", EmailJob.class)
                    .visibilityTimeout(Duration.ofSeconds(1))
                    .pollInterval(Duration.ofMillis(100))
                    .build();
            Map<String, AtomicInteger> completions = new ConcurrentHashMap<>();
            Set<String> accepted = ConcurrentHashMap.newKeySet();
            int jobs = 2000;
            int kills = 0;
            int retries = 0;
            try (Worker w = q.worker((job, jc) -> completions
                            .computeIfAbsent(jc.id(), k -> new AtomicInteger())
                            .incrementAndGet())
                    .concurrency(4)
                    .start()) {
                for (int i = 0; i < jobs; i++) {
                    String id = "job-" + i;
                    for (int attempt = 0; ; attempt++) {
                        try {
                            q.enqueue(
                                    new EmailJob("a@example.com", i),
                                    EnqueueOptions.immediate().id(id));
                            accepted.add(id);
                            break;
                        } catch (RedisUnavailableException restarting) {
                            retries++;
                            assertThat(attempt).isLessThan(100);
                            Thread.sleep(20);
                        }
                    }
                    if (i % 500 == 250) {
                        server.kill();
                        kills++;
                        server.restart();
                    }
                }
                Faults.await(() -> completions.keySet().containsAll(accepted), Duration.ofSeconds(60));
            }
            long lost =
                    accepted.stream().filter(id -> !completions.containsKey(id)).count();
            int duplicates =
                    completions.values().stream().mapToInt(n -> n.get() - 1).sum();
            report(String.format(
                    "queue AOF always: %d of %d accepted jobs lost across %d SIGKILL+restart under 4 workers;"
                            + " %d ran twice or more (%d extra runs); %d enqueue calls retried under the same id",
                    lost,
                    accepted.size(),
                    kills,
                    completions.values().stream().filter(n -> n.get() > 1).count(),
                    duplicates,
                    retries));
            assertThat(lost).isZero();
            assertThat(accepted).hasSize(jobs);
        }
    }

    @Test
    void anEnqueueWhoseReplyWasLostIsStoredOnceWhenRetriedUnderItsId() throws Exception {
        try (EmbeddedRedis server = EmbeddedRedis.builder().start();
                FaultProxy proxy = FaultProxy.to(server.endpoint());
                RedisConnector redis = RedisConnector.create(proxy.config().toBuilder()
                        .socketTimeout(Duration.ofMillis(300))
                        .connectTimeout(Duration.ofMillis(300))
                        .build())) {
            ReliableQueue<EmailJob> q =
                    ReliableQueue.builder(redis, "retry", EmailJob.class).build();
            q.enqueue(new EmailJob("warm-up", 0), EnqueueOptions.immediate().id("warm-up"));
            int n = 10;
            int timedOut = 0;
            int createdOnRetry = 0;
            for (int i = 0; i < n; i++) {
                proxy.dropReplies(true);
                String id = "order-" + i;
                try {
                    q.enqueue(
                            new EmailJob("b@example.com", i),
                            EnqueueOptions.immediate().id(id));
                } catch (RedisUnavailableException replyLost) {
                    timedOut++;
                }
                proxy.dropReplies(false);
                EnqueueResult retry = null;
                for (int attempt = 0; retry == null; attempt++) {
                    try {
                        retry = q.enqueue(
                                new EmailJob("b@example.com", i),
                                EnqueueOptions.immediate().id(id));
                    } catch (RedisUnavailableException brokenPooledConnection) {
                        assertThat(attempt).isLessThan(3);
                    }
                }
                createdOnRetry += retry.created() ? 1 : 0;
            }
            assertThat(q.stats().waiting()).isEqualTo(n + 1);
            Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
            try (Worker w = q.worker((job, jc) -> runs.computeIfAbsent(jc.id(), k -> new AtomicInteger())
                            .incrementAndGet())
                    .concurrency(2)
                    .start()) {
                Faults.await(() -> runs.size() == n + 1 && q.stats().total() == 0, Duration.ofSeconds(10));
            }
            report(String.format(
                    "queue idempotent enqueue: %d of %d first enqueues timed out (reply dropped); the retries under the"
                            + " same ids created %d jobs (a first call that failed before reaching Redis is created by its retry);"
                            + " %d jobs stored, %d runs in all",
                    timedOut,
                    n,
                    createdOnRetry,
                    runs.size() - 1,
                    runs.values().stream().mapToInt(AtomicInteger::get).sum() - 1));
            assertThat(timedOut).isEqualTo(n);
            assertThat(runs.values()).allSatisfy(c -> assertThat(c.get()).isEqualTo(1));
        }
    }

    @Test
    void threadsAndHeapStayFlatThroughAnOutageAndCallsRecoverWithinFiveSeconds() {
        try (EmbeddedRedis server = EmbeddedRedis.builder().start();
                RedisConnector redis = RedisConnector.create(server.config().toBuilder()
                        .socketTimeout(Duration.ofMillis(300))
                        .connectTimeout(Duration.ofMillis(300))
                        .maxWaitForConnection(Duration.ofMillis(300))
                        .build())) {
            ReliableQueue<EmailJob> q = ReliableQueue.builder(redis, "outage", EmailJob.class)
                    .pollInterval(Duration.ofMillis(100))
                    .build();
            try (Worker w = q.worker(job -> {}).concurrency(2).start()) {
                OutageProbe.Result r = OutageProbe.of(server)
                        .threads(8)
                        .down(OUTAGE)
                        .run(() -> q.enqueue(new EmailJob("c@example.com", 1)));
                report("queue outage (SIGKILL, restart empty; 2 idle worker threads running): " + r.summary());
                assertThat(r.unexpected()).isEmpty();
                assertThat(r.threadsAfter()).isLessThanOrEqualTo(r.threadsBefore() + 2);
                assertThat(r.heapAfterBytes()).isLessThan(r.heapBeforeBytes() + 32L * 1024 * 1024);
                assertThat(r.recovery().toMillis()).isLessThan(5000);
                assertThat(w.isRunning()).isTrue();
                assertThatThrownBy(() -> q.enqueue(null)).isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    @Test
    void buildRefusesOrWarnsWhenTheEvictionPolicyCanDropJobs() {
        try (EmbeddedRedis volatileLru = EmbeddedRedis.builder()
                        .setting("maxmemory-policy", "volatile-lru")
                        .start();
                EmbeddedRedis allkeys = EmbeddedRedis.builder()
                        .setting("maxmemory-policy", "allkeys-lru")
                        .start();
                RedisConnector jobsSafe = RedisConnector.create(volatileLru.config());
                RedisConnector risky = RedisConnector.create(allkeys.config())) {
            // jobs carry no TTL, so volatile-* policies cannot evict them
            ReliableQueue.builder(jobsSafe, "emails", EmailJob.class)
                    .evictionCheck(EvictionCheck.REFUSE)
                    .build();
            assertThatThrownBy(() -> ReliableQueue.builder(risky, "emails", EmailJob.class)
                            .evictionCheck(EvictionCheck.REFUSE)
                            .build())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("queue emails:")
                    .hasMessageContaining("allkeys-lru");
            String logs;
            try (LogCapture capture = LogCapture.start()) {
                ReliableQueue.builder(risky, "emails", EmailJob.class).build();
                ReliableQueue.builder(risky, "quiet", EmailJob.class)
                        .evictionCheck(EvictionCheck.OFF)
                        .build();
                logs = capture.text();
            }
            assertThat(logs).containsOnlyOnce("maxmemory-policy is 'allkeys-lru'");
            assertThat(ReliableQueue.builder(risky, "emails", EmailJob.class)
                            .evictionCheck(EvictionCheck.OFF)
                            .toString())
                    .contains("evictionCheck=OFF");
        }
    }

    private static void report(String line) {
        Faults.report("queue", line);
    }
}
