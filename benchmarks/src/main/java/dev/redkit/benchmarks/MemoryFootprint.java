package dev.redkit.benchmarks;

import dev.redkit.analytics.Analytics;
import dev.redkit.analytics.UniqueMode;
import dev.redkit.core.RedisConfig;
import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.EmbeddedRedis;
import dev.redkit.leaderboard.Leaderboard;
import dev.redkit.lock.RedisLock;
import dev.redkit.otp.OtpService;
import dev.redkit.queue.ReliableQueue;
import dev.redkit.session.ClientInfo;
import dev.redkit.session.SessionStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.redisson.Redisson;
import org.redisson.api.RMapCache;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Measures the Redis memory one entity costs ({@code MEMORY USAGE} summed over every key an operation
 * creates, divided by the number of entities) for each component, beside the layouts other libraries
 * use for the same data. Prints a Markdown section for {@code docs/BENCHMARKS.md}.
 */
public final class MemoryFootprint {

    private MemoryFootprint() {}

    /** One job payload like the guide's e-mail job. */
    public record EmailJob(String to, String template, long orderId) {}

    /**
     * Runs every measurement on a fresh embedded Redis and prints the table.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        List<String[]> rows = new ArrayList<>();
        try (EmbeddedRedis server = EmbeddedRedis.start();
                Jedis raw = server.client(10_000)) {
            RedisConfig base = server.config();

            measure(raw, base, "mem-session", rows, "session (one, 2 attributes, 13-char user agent)", 100, (c, n) -> {
                SessionStore sessions = SessionStore.builder(
                                c, "default", "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII))
                        .build();
                for (int i = 0; i < n; i++) {
                    sessions.create(
                            "user-" + i,
                            Map.of("role", "customer", "tier", "gold"),
                            ClientInfo.of("203.0.113.7", "Mozilla/5.0 x"));
                }
            });
            rows.add(spring(raw, 100));
            measure(raw, base, "mem-otp", rows, "live OTP (code hash + send log)", 100, (c, n) -> {
                OtpService otp = OtpService.builder(
                                c, "default", "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII))
                        .build();
                for (int i = 0; i < n; i++) {
                    otp.issue("login", "+4915112345" + String.format(Locale.ROOT, "%03d", i));
                }
            });
            measure(raw, base, "mem-lock", rows, "held lock (owner key + fencing counter)", 100, (c, n) -> {
                RedisLock locks = RedisLock.builder(c, "default")
                        .leaseTime(Duration.ofMinutes(5))
                        .build();
                for (int i = 0; i < n; i++) {
                    Object unused = locks.tryAcquire("withdraw:user-" + i).orElseThrow();
                }
            });
            measure(
                    raw,
                    base,
                    "mem-queue",
                    rows,
                    "queued job (hash + ready entry; generated id, no marker on standalone), 60-byte JSON",
                    1000,
                    (c, n) -> {
                        ReliableQueue<EmailJob> q = ReliableQueue.builder(c, "emails", EmailJob.class)
                                .build();
                        for (int i = 0; i < n; i++) {
                            q.enqueue(new EmailJob("user" + i + "@example.com", "order-confirmation", 100_000 + i));
                        }
                    });
            rows.add(bullmq(raw, 1000));
            measure(raw, base, "mem-board", rows, "leaderboard member (board of 100,000)", 100_000, (c, n) -> {
                Leaderboard board = Leaderboard.builder(c, "referrals").build();
                for (int i = 0; i < n; i++) {
                    board.increment("user-" + i, i % 1000);
                }
            });
            measure(
                    raw,
                    base,
                    "mem-hll",
                    rows,
                    "100,000 unique viewers of one offer, HyperLogLog (total)",
                    1,
                    (c, n) -> uniques(c, UniqueMode.HYPERLOGLOG));
            measure(
                    raw,
                    base,
                    "mem-set",
                    rows,
                    "100,000 unique viewers of one offer, exact set (total)",
                    1,
                    (c, n) -> uniques(c, UniqueMode.EXACT));
            rows.add(redissonMapCache(server, raw, 1000));
        }
        StringBuilder md = new StringBuilder("## Memory per entity\n\n")
                .append(
                        "`MEMORY USAGE` summed over every key the operation created, divided by the number of entities ")
                .append(
                        "(Redis 7.0.15 defaults, key prefix `mem-...`). Anchors are other libraries' layouts for the same data.\n\n")
                .append("| entity | bytes |\n|---|---:|\n");
        for (String[] r : rows) {
            md.append("| ").append(r[0]).append(" | ").append(r[1]).append(" |\n");
        }
        System.out.print(md);
    }

    private interface Workload {
        void run(RedisConnector connector, int n);
    }

    private static void measure(
            Jedis raw, RedisConfig base, String prefix, List<String[]> rows, String label, int n, Workload w) {
        try (RedisConnector c =
                RedisConnector.create(base.toBuilder().keyPrefix(prefix).build())) {
            w.run(c, n);
        }
        rows.add(new String[] {"Redkit " + label, String.format(Locale.ROOT, "%,d", usage(raw, prefix + ":*") / n)});
    }

    private static void uniques(RedisConnector c, UniqueMode mode) {
        Analytics analytics = Analytics.builder(c, "shop").uniqueMode(mode).build();
        List<String> batch = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            batch.add("user-" + i);
            if (batch.size() == 1000) {
                analytics.uniques().addAll("views", "offer-1", batch);
                batch.clear();
            }
        }
    }

    /** Spring Session's indexed repository layout: a hash per session plus an expiry key and a principal index set. */
    private static String[] spring(Jedis raw, int n) {
        for (int i = 0; i < n; i++) {
            String id = java.util.UUID.randomUUID().toString();
            String key = "spring:session:sessions:" + id;
            raw.hset(
                    key,
                    Map.of(
                            "creationTime",
                            "\\xac\\xed\\x00\\x05sr\\x00\\x0ejava.lang.Long1732000000000",
                            "lastAccessedTime",
                            "\\xac\\xed\\x00\\x05sr\\x00\\x0ejava.lang.Long1732000000000",
                            "maxInactiveInterval",
                            "\\xac\\xed\\x00\\x05sr\\x00\\x11java.lang.Integer1800",
                            "sessionAttr:role",
                            "\\xac\\xed\\x00\\x05t\\x00\\x08customer",
                            "sessionAttr:tier",
                            "\\xac\\xed\\x00\\x05t\\x00\\x04gold"));
            raw.pexpire(key, TimeUnit.MINUTES.toMillis(35));
            raw.set("spring:session:sessions:expires:" + id, "");
            raw.pexpire("spring:session:sessions:expires:" + id, TimeUnit.MINUTES.toMillis(30));
            raw.sadd("spring:session:expirations:" + (1732000000000L / 60000 + i % 30), "expires:" + id);
            raw.sadd(
                    "spring:session:index:org.springframework.session.FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME:user-"
                            + i,
                    id);
        }
        return new String[] {
            "anchor: Spring Session indexed repository session (JDK-serialized attributes, layout reproduced)",
            String.format(Locale.ROOT, "%,d", usage(raw, "spring:*") / n)
        };
    }

    /**
     * BullMQ 5's waiting job as its add script writes it: a job hash (name, data, opts, timestamp, delay,
     * priority), the id in the wait list, an entry in the events stream (capped at 10,000 entries), the id counter.
     */
    private static String[] bullmq(Jedis raw, int n) {
        for (int i = 1; i <= n; i++) {
            String id = Long.toString(raw.incr("bull:emails:id"));
            String data = "{\"to\":\"user" + i + "@example.com\",\"template\":\"order-confirmation\",\"orderId\":"
                    + (100_000 + i) + "}";
            raw.hset(
                    "bull:emails:" + id,
                    Map.of(
                            "name",
                            "email",
                            "data",
                            data,
                            "opts",
                            "{\"attempts\":5}",
                            "timestamp",
                            Long.toString(1732000000000L + i),
                            "delay",
                            "0",
                            "priority",
                            "0"));
            raw.lpush("bull:emails:wait", id);
            raw.xadd(
                    "bull:emails:events",
                    redis.clients.jedis.StreamEntryID.NEW_ENTRY,
                    Map.of("event", "added", "jobId", id, "name", "email"));
        }
        return new String[] {
            "anchor: BullMQ 5 waiting job (hash + wait list + events stream entry, layout reproduced), same job",
            String.format(Locale.ROOT, "%,d", usage(raw, "bull:*") / n)
        };
    }

    private static String[] redissonMapCache(EmbeddedRedis server, Jedis raw, int n) {
        Config config = new Config();
        config.useSingleServer().setAddress("redis://" + server.host() + ":" + server.port());
        RedissonClient redisson = Redisson.create(config);
        try {
            RMapCache<String, String> map = redisson.getMapCache("mem-redisson-cache");
            for (int i = 0; i < n; i++) {
                map.put("merchant-" + i, "{\"slug\":\"merchant-" + i + "\",\"name\":\"Merchant\"}", 1, TimeUnit.HOURS);
            }
        } finally {
            redisson.shutdown();
        }
        return new String[] {
            "anchor: Redisson RMapCache entry with TTL (48-byte JSON value)",
            String.format(Locale.ROOT, "%,d", usage(raw, "*mem-redisson-cache*") / n)
        };
    }

    private static long usage(Jedis raw, String pattern) {
        long total = 0;
        String cursor = ScanParams.SCAN_POINTER_START;
        ScanParams params = new ScanParams().match(pattern).count(1000);
        do {
            ScanResult<String> page = raw.scan(cursor, params);
            for (String key : page.getResult()) {
                Long bytes = raw.memoryUsage(key, 0);
                total += bytes == null ? 0 : bytes;
            }
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return total;
    }
}
