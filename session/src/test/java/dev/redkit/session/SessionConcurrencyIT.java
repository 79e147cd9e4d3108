package dev.redkit.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

@RedisTest
class SessionConcurrencyIT {

    record Span(long begin, long end, NewSession session) {}

    @Test
    void fiftyConcurrentLoginsWithMaxFiveLeaveExactlyFive(RedisConnector redis, RedisTestContext ctx) throws Exception {
        SessionStore sessions = SessionStore.builder(redis, "default", TestKeys.SESSION_KEY)
                .maxSessionsPerUser(5)
                .build();
        int threads = 50;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<NewSession>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return sessions.create("same-user", Map.of("n", n), ClientInfo.of("10.0.0." + n, "ua-" + n));
                }));
            }
            List<NewSession> created = new ArrayList<>();
            for (Future<NewSession> f : futures) {
                created.add(f.get(30, TimeUnit.SECONDS));
            }
            assertThat(created.stream().mapToInt(NewSession::evicted).sum()).isEqualTo(threads - 5);

            List<Session> alive = created.stream()
                    .map(s -> sessions.get(s.token()))
                    .flatMap(java.util.Optional::stream)
                    .collect(Collectors.toList());
            assertThat(alive).hasSize(5);
            List<SessionInfo> listed = sessions.list("same-user");
            assertThat(listed)
                    .extracting(SessionInfo::id)
                    .containsExactlyInAnyOrderElementsOf(
                            alive.stream().map(Session::id).collect(Collectors.toList()));
            for (Session s : alive) {
                int n = s.attribute("n", Integer.class).orElseThrow();
                assertThat(s.clientInfo()).isEqualTo(new ClientInfo("10.0.0." + n, "ua-" + n));
            }
            assertThat(ctx.keys()).hasSize(6);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void revokeAllIsAtomicAgainstConcurrentCreates(RedisConnector redis, RedisTestContext ctx) throws Exception {
        SessionStore sessions = SessionStore.builder(redis, "default", TestKeys.SESSION_KEY)
                .maxSessionsPerUser(1000)
                .build();
        int writers = 8;
        AtomicBoolean stop = new AtomicBoolean();
        List<Span> created = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            futures.add(pool.submit(() -> {
                while (!stop.get()) {
                    long begin = System.nanoTime();
                    NewSession s = sessions.create("u1", Map.of("k", "v"), ClientInfo.of("10.0.0.1", "ua"));
                    created.add(new Span(begin, System.nanoTime(), s));
                }
                return null;
            }));
        }
        long lastRevokeStart = 0;
        long lastRevokeEnd = 0;
        int revoked = 0;
        try {
            for (int round = 0; round < 5; round++) {
                while (created.size() < (round + 1) * 40) {
                    Thread.onSpinWait();
                }
                lastRevokeStart = System.nanoTime();
                revoked += sessions.revokeAll("u1");
                lastRevokeEnd = System.nanoTime();
            }
            while (created.size() < 260) {
                Thread.onSpinWait();
            }
        } finally {
            stop.set(true);
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
            pool.shutdownNow();
        }
        assertThat(revoked).isPositive();

        Set<String> live = created.stream()
                .filter(s -> sessions.get(s.session().token()).isPresent())
                .map(s -> s.session().session().id())
                .collect(Collectors.toSet());
        Set<String> listed = sessions.list("u1").stream().map(SessionInfo::id).collect(Collectors.toSet());
        Set<String> stored = ctx.keys().stream()
                .filter(k -> k.contains(":s:"))
                .map(k -> k.substring(k.lastIndexOf(':') + 1))
                .collect(Collectors.toSet());
        assertThat(listed).isEqualTo(live);
        assertThat(stored).isEqualTo(live);
        for (Span span : created) {
            String id = span.session().session().id();
            if (span.end() < lastRevokeStart) {
                assertThat(live).as("created before the last revokeAll").doesNotContain(id);
            } else if (span.begin() > lastRevokeEnd) {
                assertThat(live).as("created after the last revokeAll").contains(id);
            }
        }
        int afterwards = sessions.revokeAll("u1");
        assertThat(afterwards).isEqualTo(live.size());
        assertThat(ctx.keys()).isEmpty();
    }
}
