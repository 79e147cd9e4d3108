package dev.redkit.examples.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.analytics.Analytics;
import dev.redkit.cache.ReadThroughCache;
import dev.redkit.core.RedisConfig;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.RedisEndpoint;
import dev.redkit.core.RedisUnavailableException;
import dev.redkit.core.ReplicaAck;
import dev.redkit.embedded.EmbeddedRedis;
import dev.redkit.embedded.EmbeddedRedisCluster;
import dev.redkit.embedded.EmbeddedRedisSentinel;
import dev.redkit.embedded.junit.Faults;
import dev.redkit.leaderboard.Leaderboard;
import dev.redkit.lock.Lease;
import dev.redkit.lock.RedisLock;
import dev.redkit.queue.EnqueueOptions;
import dev.redkit.queue.ReliableQueue;
import dev.redkit.queue.Worker;
import dev.redkit.ratelimit.Limit;
import dev.redkit.ratelimit.RateLimiter;
import dev.redkit.session.ClientInfo;
import dev.redkit.session.SessionStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Issue 26: every component (OTP aside) under load through one real failover, on a Cluster (3 masters, 2 replicas each, the
 * master owning the components' keys SIGKILLed and kept down) and on Sentinel (a master and 2 replicas, the master
 * SIGKILLed). Per component: failed calls, the slowest call, the time from the promotion to the last failure
 * (recovery), and lost, duplicated or over-admitted counts; it asserts each documented promise: no exception other
 * than {@link RedisUnavailableException}, fencing tokens never backwards, strict mode never loses an acknowledged job
 * nor forgets a confirmed lock, the cache never throws and reads from Redis again within one back-off, a limiter
 * over-admits at most one limit through one failover. Figures go to the log (logger {@code dev.redkit.reliability.failover}, through {@code Faults.report}) for
 * docs/RELIABILITY.md. Two replicas per master so that strict mode has a replica left after the promotion.
 */
class FailoverUnderLoadIT {

    private static final Duration SOCKET_TIMEOUT = Duration.ofMillis(500);
    private static final Duration CACHE_BACKOFF_MAX = Duration.ofSeconds(2);
    private static final long LIMIT = 200;
    private static final Duration AFTER_PROMOTION = Duration.ofSeconds(5);

    @Test
    void clusterMasterKill() throws Exception {
        try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.builder()
                .masters(3)
                .replicasPerMaster(2)
                .nodeTimeoutMillis(1000)
                .start()) {
            int victim = masterIndex("strict-jobs");
            EmbeddedRedis master = cluster.masters().get(victim);
            List<EmbeddedRedis> replicas = new ArrayList<>();
            for (EmbeddedRedis r : cluster.replicas()) {
                if (masterPortOf(r) == master.port()) {
                    replicas.add(r);
                }
            }
            assertThat(replicas).hasSize(2);
            for (EmbeddedRedis r : replicas) {
                r.awaitRole("slave", 30_000);
            }
            run("cluster", cluster.config(), i -> masterIndex(i) == victim, () -> {
                master.kill();
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (System.nanoTime() < deadline) {
                    for (EmbeddedRedis r : replicas) {
                        if (isWritableMaster(r)) {
                            return;
                        }
                    }
                    Faults.pause(20);
                }
                throw new IllegalStateException("no replica of " + master + " was promoted");
            });
        }
    }

    @Test
    void sentinelMasterKill() throws Exception {
        try (EmbeddedRedisSentinel sentinel =
                EmbeddedRedisSentinel.builder().replicas(2).start()) {
            for (EmbeddedRedis s : sentinel.servers()) {
                if (s.port() != sentinel.masterAddress().port()) {
                    s.awaitRole("slave", 30_000);
                }
            }
            sentinel.master().awaitOnlineReplicas(2, 30_000);
            run("sentinel", sentinel.config(), i -> true, () -> {
                RedisEndpoint before = sentinel.masterAddress();
                sentinel.master().kill();
                sentinel.awaitNewMaster(before, 30_000);
            });
        }
    }

    /** Which master (by index of an even slot split) owns a key or hash tag. */
    private static int masterIndex(String hashTag) {
        return JedisClusterCRC16.getSlot(hashTag) * 3 / 16384;
    }

    private void run(
            String topology, RedisConfig base, java.util.function.Predicate<String> onVictim, Runnable failover)
            throws Exception {
        RedisConfig config = base.toBuilder()
                .socketTimeout(SOCKET_TIMEOUT)
                .connectTimeout(SOCKET_TIMEOUT)
                .build();
        ReplicaAck ack = ReplicaAck.of(1, Duration.ofMillis(200));
        List<String> lockNames = names("lock-", onVictim, 4);
        List<String> heldNames = names("held-", onVictim, 3);
        List<String> limitKeys = names("client-", onVictim, 4);
        List<String> cacheKeys = names("item-", onVictim, 10);
        String plainQueueName = names("plain-jobs-", onVictim, 1).get(0);
        String boardName = names("board-", onVictim, 1).get(0);
        List<String> dimensions = names("offer-", onVictim, 2);
        try (RedisConnector redis = RedisConnector.create(config);
                RedisConnector other = RedisConnector.create(config)) {
            SessionStore sessions =
                    SessionStore.builder(redis, "default", new byte[32]).build();
            RateLimiter limiter =
                    RateLimiter.builder(redis, "failover").fixedWindow(Limit.of(LIMIT, Duration.ofMinutes(10)));
            RateLimiter unlimited = RateLimiter.builder(redis, "failover-open")
                    .fixedWindow(Limit.of(1_000_000_000L, Duration.ofMinutes(10)));
            AtomicLong loads = new AtomicLong();
            AtomicLong lastLoad = new AtomicLong();
            ReadThroughCache<String> cache = ReadThroughCache.builder(redis, "failover", String.class)
                    .ttl(Duration.ofMinutes(10))
                    .redisBackoff(Duration.ofMillis(250), CACHE_BACKOFF_MAX)
                    .build();
            RedisLock locks = RedisLock.builder(redis, "plain")
                    .leaseTime(Duration.ofSeconds(5))
                    .build();
            RedisLock strictLocks = RedisLock.builder(redis, "strict")
                    .leaseTime(Duration.ofSeconds(5))
                    .replicaAck(ack)
                    .build();
            RedisLock strictHolder = RedisLock.builder(redis, "strict")
                    .leaseTime(Duration.ofSeconds(60))
                    .replicaAck(ack)
                    .build();
            RedisLock strictOther = RedisLock.builder(other, "strict")
                    .leaseTime(Duration.ofSeconds(5))
                    .replicaAck(ack)
                    .build();
            ReliableQueue<String> plainQueue = ReliableQueue.builder(redis, plainQueueName, String.class)
                    .visibilityTimeout(Duration.ofSeconds(2))
                    .build();
            ReliableQueue<String> strictQueue = ReliableQueue.builder(redis, "strict-jobs", String.class)
                    .visibilityTimeout(Duration.ofSeconds(2))
                    .replicaAck(ack)
                    .build();

            Leaderboard board = Leaderboard.builder(redis, boardName).build();
            Analytics analytics = Analytics.builder(redis, "failover").build();
            Map<String, long[]> increments = new ConcurrentHashMap<>();

            List<Probe> probes = new ArrayList<>();
            Probe session = probe(probes, "session");
            Probe ratelimit = probe(probes, "ratelimit");
            Probe cacheProbe = probe(probes, "cache");
            Probe lock = probe(probes, "lock");
            Probe strictLock = probe(probes, "lock strict");
            Probe queue = probe(probes, "queue");
            Probe strictQueueProbe = probe(probes, "queue strict");
            Probe leaderboard = probe(probes, "leaderboard");
            Probe counters = probe(probes, "analytics");

            Map<String, Long> allowed = new ConcurrentHashMap<>();
            Map<String, ConcurrentLinkedQueue<long[]>> tokens = new ConcurrentHashMap<>();
            Set<String> sessionTokens = ConcurrentHashMap.newKeySet();
            Set<String> plainAcked = ConcurrentHashMap.newKeySet();
            Set<String> strictAcked = ConcurrentHashMap.newKeySet();
            Map<String, Integer> plainRuns = new ConcurrentHashMap<>();
            Map<String, Integer> strictRuns = new ConcurrentHashMap<>();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> threads = new ArrayList<>();
            AtomicLong seq = new AtomicLong();

            for (String k : cacheKeys) {
                cache.get(k, key -> "v:" + key);
            }
            List<Lease> held = new ArrayList<>();
            for (String name : heldNames) {
                held.add(strictHolder.tryAcquire(name).orElseThrow());
            }
            try (Worker plainWorker = plainQueue
                            .worker((String job) -> plainRuns.merge(job, 1, Integer::sum))
                            .concurrency(2)
                            .shutdownTimeout(Duration.ofSeconds(2))
                            .start();
                    Worker strictWorker = strictQueue
                            .worker((String job) -> strictRuns.merge(job, 1, Integer::sum))
                            .concurrency(2)
                            .shutdownTimeout(Duration.ofSeconds(2))
                            .start()) {
                threads.add(loop(stop, () -> {
                    long n = seq.incrementAndGet();
                    session.call(() -> sessionTokens.add(sessions.create("u-" + n, Map.of("n", n), ClientInfo.unknown())
                            .token()));
                    String token = sessionTokens.stream().findAny().orElse(null);
                    if (token != null) {
                        session.call(() -> sessions.get(token));
                    }
                }));
                threads.add(loop(stop, () -> {
                    String key = limitKeys.get((int) (seq.incrementAndGet() % limitKeys.size()));
                    ratelimit.call(() -> {
                        if (limiter.tryAcquire(key).allowed()) {
                            allowed.merge(key, 1L, Long::sum);
                        }
                        return null;
                    });
                    // FAIL_CLOSED: a denial from a limit that is never reached means Redis could not decide
                    ratelimit.call(() -> {
                        if (!unlimited.tryAcquire(key).allowed()) {
                            throw new RedisUnavailableException("limiter", "denied by the failure policy", null, false);
                        }
                        return null;
                    });
                }));
                threads.add(loop(stop, () -> {
                    String key = cacheKeys.get((int) (seq.incrementAndGet() % cacheKeys.size()));
                    cacheProbe.call(() -> cache.get(key, k -> {
                        loads.incrementAndGet();
                        lastLoad.set(System.nanoTime());
                        return "v:" + k;
                    }));
                }));
                for (RedisLock l : List.of(locks, strictLocks)) {
                    Probe p = l == locks ? lock : strictLock;
                    threads.add(loop(stop, () -> {
                        String name = lockNames.get((int) (seq.incrementAndGet() % lockNames.size()));
                        p.call(() -> {
                            Optional<Lease> lease = l.tryAcquire(name);
                            lease.ifPresent(x -> {
                                tokens.computeIfAbsent(l.name() + "/" + name, k -> new ConcurrentLinkedQueue<>())
                                        .add(new long[] {System.nanoTime(), x.fencingToken()});
                                x.release();
                            });
                            return null;
                        });
                    }));
                }
                threads.add(loop(stop, () -> {
                    String id = "j-" + seq.incrementAndGet();
                    queue.call(() -> plainAcked.add(plainQueue
                            .enqueue(id, EnqueueOptions.immediate().id(id))
                            .id()));
                    String sid = "s-" + seq.incrementAndGet();
                    strictQueueProbe.call(() -> strictAcked.add(strictQueue
                            .enqueue(sid, EnqueueOptions.immediate().id(sid))
                            .id()));
                }));
                threads.add(loop(stop, () -> {
                    long n = seq.incrementAndGet();
                    String member = "m-" + (n % 2);
                    String dimension = dimensions.get((int) (n % dimensions.size()));
                    // [attempted, acknowledged] per member / dimension
                    increments.computeIfAbsent("board/" + member, k -> new long[2])[0]++;
                    if (leaderboard.call(() -> board.increment(member, 1.0))) {
                        increments.get("board/" + member)[1]++;
                    }
                    increments.computeIfAbsent("clicks/" + dimension, k -> new long[2])[0]++;
                    if (counters.call(() -> analytics.counters().increment("clicks", dimension))) {
                        increments.get("clicks/" + dimension)[1]++;
                    }
                }));
                threads.forEach(Thread::start);

                Faults.pause(2_000);
                long killed = System.nanoTime();
                failover.run();
                long promoted = System.nanoTime();
                Faults.pause(AFTER_PROMOTION.toMillis());
                stop.set(true);
                for (Thread t : threads) {
                    t.join(10_000);
                }
                // workers drain what was acknowledged (a job whose claim was lost comes back after its lease)
                long drain = System.nanoTime() + 10_000_000_000L;
                while (System.nanoTime() < drain
                        && !(plainRuns.keySet().containsAll(plainAcked)
                                && strictRuns.keySet().containsAll(strictAcked))) {
                    Faults.pause(100);
                    try {
                        plainQueue.recover();
                        strictQueue.recover();
                    } catch (RedisUnavailableException settling) {
                        // keep draining
                    }
                }

                long promotionMillis = (promoted - killed) / 1_000_000;
                report(
                        topology,
                        "promotion " + promotionMillis + " ms after the SIGKILL; socket timeout "
                                + SOCKET_TIMEOUT.toMillis() + " ms, run budget "
                                + config.runBudget().toMillis() + " ms (call deadline "
                                + config.callTimeout().toMillis() + " ms)");
                for (Probe p : probes) {
                    report(topology, p.summary(killed, promoted));
                }
                long plainLost = plainAcked.stream()
                        .filter(id -> !plainRuns.containsKey(id))
                        .count();
                long strictLost = strictAcked.stream()
                        .filter(id -> !strictRuns.containsKey(id))
                        .count();
                long plainDup = plainRuns.values().stream().filter(c -> c > 1).count();
                long strictDup = strictRuns.values().stream().filter(c -> c > 1).count();
                long lostSessions = sessionTokens.stream()
                        .filter(t -> {
                            try {
                                return sessions.get(t).isEmpty();
                            } catch (RedisUnavailableException e) {
                                return false;
                            }
                        })
                        .count();
                long maxAllowed = allowed.values().stream()
                        .mapToLong(Long::longValue)
                        .max()
                        .orElse(0);
                long backwards = 0;
                for (ConcurrentLinkedQueue<long[]> q : tokens.values()) {
                    List<long[]> list = new ArrayList<>(q);
                    list.sort((a, b) -> Long.compare(a[0], b[0]));
                    for (int i = 1; i < list.size(); i++) {
                        if (list.get(i)[1] <= list.get(i - 1)[1]) {
                            backwards++;
                        }
                    }
                }
                int heldLost = 0;
                for (String name : heldNames) {
                    Optional<Lease> stolen = Faults.retry(() -> strictOther.tryAcquire(name), Duration.ofSeconds(10));
                    if (stolen.isPresent()) {
                        heldLost++;
                        stolen.get().release();
                    }
                }
                long cacheBackMillis = Math.max(0, (lastLoad.get() - promoted) / 1_000_000);
                StringBuilder counts = new StringBuilder(
                        "leaderboard and analytics increments (attempted / acknowledged /" + " stored):");
                for (Map.Entry<String, long[]> e : new java.util.TreeMap<>(increments).entrySet()) {
                    String[] kind = e.getKey().split("/", 2);
                    long stored = Faults.retry(
                            () -> kind[0].equals("board")
                                    ? board.entry(kind[1])
                                            .map(x -> (long) x.score())
                                            .orElse(0L)
                                    : analytics.counters().today("clicks", kind[1]),
                            Duration.ofSeconds(10));
                    counts.append(
                            String.format(" %s %d / %d / %d;", e.getKey(), e.getValue()[0], e.getValue()[1], stored));
                }
                report(topology, counts.toString());
                report(
                        topology,
                        String.format(
                                "session: %d of %d acknowledged creates lost; ratelimit: at most %d of %d"
                                        + " allowed per key (limit %d); lock: %d fencing tokens not above the previous holder's; strict lock:"
                                        + " %d of %d confirmed 60 s grants lost; queue: %d of %d acknowledged jobs lost, %d ran twice;"
                                        + " strict queue: %d of %d lost, %d ran twice; cache: %d loads, the last %d ms after the promotion",
                                lostSessions,
                                sessionTokens.size(),
                                maxAllowed,
                                LIMIT,
                                LIMIT,
                                backwards,
                                heldLost,
                                heldNames.size(),
                                plainLost,
                                plainAcked.size(),
                                plainDup,
                                strictLost,
                                strictAcked.size(),
                                strictDup,
                                loads.get(),
                                cacheBackMillis));

                for (Probe p : probes) {
                    assertThat(p.unexpected)
                            .as(p.name + ": only RedisUnavailableException")
                            .isEmpty();
                    assertThat(p.calls.get()).as(p.name + " made calls").isPositive();
                }
                assertThat(cacheProbe.failures.get())
                        .as("the cache never throws")
                        .isZero();
                assertThat(cacheBackMillis)
                        .as("the cache reads from Redis again within one back-off of the promotion")
                        .isLessThanOrEqualTo(CACHE_BACKOFF_MAX.toMillis() + 1_000);
                assertThat(backwards).as("fencing tokens never go backwards").isZero();
                assertThat(strictLost)
                        .as("strict mode never loses an acknowledged job")
                        .isZero();
                assertThat(heldLost)
                        .as("a confirmed strict grant survives the failover")
                        .isZero();
                assertThat(maxAllowed)
                        .as("a limiter over-admits at most one limit through one failover")
                        .isLessThanOrEqualTo(2 * LIMIT);
                for (Probe p : probes) {
                    assertThat(p.recoveryMillis(promoted))
                            .as(p.name + " recovers within 2 s of the promotion")
                            .isLessThanOrEqualTo(2_000);
                }
            } finally {
                stop.set(true);
                held.forEach(l -> {
                    try {
                        l.release();
                    } catch (RuntimeException ignored) {
                        // the grant may be gone with the killed master
                    }
                });
                cache.close();
                List.of(locks, strictLocks, strictHolder, strictOther).forEach(RedisLock::close);
            }
        }
    }

    private static List<String> names(String prefix, java.util.function.Predicate<String> onVictim, int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; names.size() < count; i++) {
            if (onVictim.test(prefix + i)) {
                names.add(prefix + i);
            }
        }
        return names;
    }

    private static Probe probe(List<Probe> probes, String name) {
        Probe p = new Probe(name);
        probes.add(p);
        return p;
    }

    private static Thread loop(AtomicBoolean stop, Runnable body) {
        Thread t = new Thread(
                () -> {
                    while (!stop.get()) {
                        body.run();
                        Faults.pause(1);
                    }
                },
                "failover-load");
        t.setDaemon(true);
        return t;
    }

    /** Calls, failures, the slowest call and the last failure of one component. */
    private static final class Probe {
        final String name;
        final AtomicLong calls = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        final AtomicLong slowestNanos = new AtomicLong();
        final AtomicLong firstFailure = new AtomicLong();
        final AtomicLong lastFailure = new AtomicLong();
        final List<Throwable> unexpected = new java.util.concurrent.CopyOnWriteArrayList<>();

        Probe(String name) {
            this.name = name;
        }

        /** @return whether the call returned normally */
        boolean call(java.util.function.Supplier<?> body) {
            long start = System.nanoTime();
            try {
                body.get();
                return true;
            } catch (RedisUnavailableException e) {
                long now = System.nanoTime();
                failures.incrementAndGet();
                firstFailure.compareAndSet(0, now);
                lastFailure.accumulateAndGet(now, Math::max);
            } catch (RuntimeException e) {
                unexpected.add(e);
            } finally {
                calls.incrementAndGet();
                slowestNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
            }
            return false;
        }

        long recoveryMillis(long promoted) {
            return Math.max(0, (lastFailure.get() - promoted) / 1_000_000);
        }

        String summary(long killed, long promoted) {
            return String.format(
                    "%s: %d calls, %d failed (first %s, last %s), slowest call %d ms, recovered %d ms after"
                            + " the promotion",
                    name,
                    calls.get(),
                    failures.get(),
                    relative(firstFailure.get(), killed),
                    relative(lastFailure.get(), killed),
                    slowestNanos.get() / 1_000_000,
                    recoveryMillis(promoted));
        }

        private static String relative(long t, long killed) {
            return t == 0 ? "-" : ((t - killed) / 1_000_000) + " ms after the kill";
        }
    }

    private static boolean isWritableMaster(EmbeddedRedis node) {
        try (Jedis jedis = node.client(500)) {
            return jedis.info("replication").contains("role:master");
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static int masterPortOf(EmbeddedRedis replica) {
        try (Jedis jedis = replica.client(1000)) {
            for (String line : jedis.info("replication").split("\r?\n")) {
                if (line.startsWith("master_port:")) {
                    return Integer.parseInt(
                            line.substring("master_port:".length()).trim());
                }
            }
        }
        return -1;
    }

    private static void report(String topology, String line) {
        Faults.report("failover", topology + ": " + line);
    }
}
