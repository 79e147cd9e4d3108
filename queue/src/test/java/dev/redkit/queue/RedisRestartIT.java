package dev.redkit.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.redkit.core.RedisConnector;
import dev.redkit.core.RedisUnavailableException;
import dev.redkit.core.Topology;
import dev.redkit.embedded.EmbeddedRedis;
import dev.redkit.embedded.junit.Faults;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Redis is killed (SIGKILL) and restarted under running workers, once while they process and once while
 * they wait idle; with the append-only file on, nothing accepted before a kill is lost and the workers
 * reconnect on their own. Uses its own server, so it runs once (in the standalone pass).
 */
@RedisTest
class RedisRestartIT {

    @Test
    void workersReconnectAndNothingAcceptedIsLost(RedisTestContext ctx) throws Exception {
        assumeTrue(ctx.topology() == Topology.STANDALONE, "own server; topology-independent");
        try (EmbeddedRedis server = EmbeddedRedis.builder().appendOnly(true).start();
                RedisConnector redis = RedisConnector.create(server.config().toBuilder()
                        .keyPrefix("restart")
                        .socketTimeout(Duration.ofMillis(500))
                        .connectTimeout(Duration.ofMillis(500))
                        .build())) {
            ReliableQueue<EmailJob> q = ReliableQueue.builder(redis, "emails", EmailJob.class)
                    .visibilityTimeout(Duration.ofSeconds(1))
                    .pollInterval(Duration.ofMillis(200))
                    .build();
            Set<String> accepted = ConcurrentHashMap.newKeySet();
            Set<String> completed = ConcurrentHashMap.newKeySet();
            try (Worker w = q.worker((job, jc) -> {
                        Thread.sleep(2);
                        completed.add(jc.id());
                    })
                    .concurrency(4)
                    .start()) {
                for (int i = 0; i < 300; i++) {
                    // after a restart the pool's idle connections are dead; each fails one call, which the
                    // producer retries under the same id (idempotent)
                    accepted.add(enqueueWithRetry(q, "before-" + i, i));
                    if (i == 150) {
                        server.kill();
                        server.restart();
                    }
                }
                Faults.await(() -> completed.containsAll(accepted), Duration.ofSeconds(30));

                Thread.sleep(500);
                server.kill();
                int refused = 0;
                for (int i = 0; i < 3; i++) {
                    try {
                        q.enqueue(new EmailJob("down", i));
                    } catch (RedisUnavailableException expected) {
                        refused++;
                    }
                }
                assertThat(refused).isEqualTo(3);
                server.restart();
                for (int i = 0; i < 50; i++) {
                    accepted.add(enqueueWithRetry(q, "after-restart-" + i, i));
                }
                Faults.await(() -> completed.containsAll(accepted), Duration.ofSeconds(30));
                assertThat(w.isRunning()).isTrue();
            }
            assertThat(completed).containsAll(accepted);
            // an ack that met a connection broken by the restart leaves its job in flight until the lease
            // lapses; a fresh worker gets it again (at-least-once), after which the queue is empty
            try (Worker drain =
                    q.worker((job, jc) -> completed.add(jc.id())).concurrency(2).start()) {
                Faults.await(() -> q.stats().total() == 0, Duration.ofSeconds(15));
            }
        }
    }

    private static String enqueueWithRetry(ReliableQueue<EmailJob> q, String id, int i) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                q.enqueue(new EmailJob("b", i), EnqueueOptions.immediate().id(id));
                return id;
            } catch (RedisUnavailableException e) {
                if (attempt > 50) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }
}
