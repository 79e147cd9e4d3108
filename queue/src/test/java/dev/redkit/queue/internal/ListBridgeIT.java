package dev.redkit.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.RedisCommand;
import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.junit.Faults;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import dev.redkit.queue.Delivery;
import dev.redkit.queue.EmailJob;
import dev.redkit.queue.ListBridge;
import dev.redkit.queue.QueueStats;
import dev.redkit.queue.ReliableQueue;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

@RedisTest
class ListBridgeIT {

    private static void rpush(RedisConnector redis, String list, int from, int to) {
        for (int i = from; i < to; i++) {
            redis.ops()
                    .execute(RedisCommand.builder("RPUSH")
                            .key(list)
                            .arg("{\"to\":\"user" + i + "@example.com\",\"n\":" + i + "}")
                            .build());
        }
    }

    private static Set<Integer> drainJobs(ReliableQueue<EmailJob> q) {
        Set<Integer> seen = new HashSet<>();
        Optional<Delivery<EmailJob>> d;
        while ((d = q.poll()).isPresent()) {
            assertThat(seen.add(d.get().job().n()))
                    .as("duplicate %s", d.get().job())
                    .isTrue();
            d.get().ack();
        }
        return seen;
    }

    @Test
    void movesJsonPushedByOtherServicesIntoTheQueue(RedisConnector redis, RedisTestContext ctx) {
        String plain = ctx.keyPrefix() + ":queue:emails";
        ReliableQueue<EmailJob> q =
                ReliableQueue.builder(redis, "emails", EmailJob.class).build();
        rpush(redis, plain, 0, 250);
        redis.ops()
                .execute(
                        RedisCommand.builder("RPUSH").key(plain).arg("not json").build());
        try (ListBridge bridge = q.listBridge(plain)) {
            int moved = 0;
            int n;
            while ((n = bridge.drainOnce()) > 0) {
                moved += n;
            }
            assertThat(moved).isEqualTo(251);
        }
        assertThat(redis.ops().execute(RedisCommand.of("LLEN", plain))).isEqualTo(0L);
        assertThat(q.stats()).isEqualTo(new QueueStats(251, 0, 0, 0));
        Set<Integer> seen = drainJobs(q);
        assertThat(seen).hasSize(250);
        assertThat(q.stats()).isEqualTo(new QueueStats(0, 0, 0, 1));
    }

    @Test
    void aBridgeThatDiesMidwayLosesNothingAndDuplicatesNothing(RedisConnector redis, RedisTestContext ctx) {
        String tagged = ctx.keyPrefix() + ":{legacy}:emails";
        ReliableQueue<EmailJob> q =
                ReliableQueue.builder(redis, "emails", EmailJob.class).build();
        rpush(redis, tagged, 0, 150);
        ListBridgeImpl<EmailJob> dying = (ListBridgeImpl<EmailJob>) q.listBridge(tagged);
        assertThat(dying.drain(false)).isEqualTo(100);
        assertThat(q.stats().waiting()).isEqualTo(100);
        ListBridge next = q.listBridge(tagged);
        assertThat(next.drainOnce()).isEqualTo(100);
        assertThat(q.stats().waiting()).isEqualTo(100);
        assertThat(next.drainOnce()).isEqualTo(50);
        assertThat(next.drainOnce()).isZero();
        assertThat(drainJobs(q)).hasSize(150);
    }

    @Test
    void concurrentBridgesMoveEachItemOnce(RedisConnector redis, RedisTestContext ctx) throws Exception {
        String plain = ctx.keyPrefix() + ":queue:sms";
        ReliableQueue<EmailJob> q =
                ReliableQueue.builder(redis, "sms", EmailJob.class).build();
        ReliableQueue<EmailJob> q2 =
                ReliableQueue.builder(ctx.newConnector(), "sms", EmailJob.class).build();
        try (ListBridge a = q.listBridge(plain).start();
                ListBridge b = q2.listBridge(plain).start()) {
            rpush(redis, plain, 0, 1000);
            Faults.await(() -> q.stats().waiting() >= 1000, Duration.ofSeconds(20));
        }
        assertThat(drainJobs(q)).hasSize(1000);
        assertThat(q.stats().total()).isZero();
    }
}
