package dev.redkit.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

@RedisTest
class ConcurrencyIT {

    private static final int THREADS = 32;

    private static void runAll(List<Callable<Void>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Void>> futures = new ArrayList<>();
            for (Callable<Void> t : tasks) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return t.call();
                }));
            }
            go.countDown();
            for (Future<Void> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentIncrementsSumExactly(RedisConnector redis, RedisTestContext ctx) throws Exception {
        RedisConnector second = ctx.newConnector();
        Leaderboard a = Leaderboard.builder(redis, "sum")
                .ties(TiePolicy.DENSE)
                .period(Period.DAY, Duration.ofDays(1))
                .build();
        Leaderboard b = Leaderboard.builder(second, "sum")
                .ties(TiePolicy.DENSE)
                .period(Period.DAY, Duration.ofDays(1))
                .build();
        int perThread = 100;
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Leaderboard board = t % 2 == 0 ? a : b;
            int thread = t;
            tasks.add(() -> {
                for (int i = 0; i < perThread; i++) {
                    board.increment("hot", 1.5);
                    board.increment("m" + (i % 5), thread % 2 == 0 ? 1 : -1);
                }
                return null;
            });
        }
        runAll(tasks);
        assertThat(a.entry("hot").orElseThrow().score()).isEqualTo(THREADS * perThread * 1.5);
        assertThat(a.period(Period.DAY).entry("hot").orElseThrow().score()).isEqualTo(THREADS * perThread * 1.5);
        for (int m = 0; m < 5; m++) {
            assertThat(b.entry("m" + m).orElseThrow())
                    .extracting(Entry::score, Entry::rank)
                    .containsExactly(0.0, 2L);
        }
    }

    /**
     * Writers move one member between the top and the bottom of the board while readers ask for its entry: the
     * score and the rank always belong together (issue 19: a LEXICAL entry is a transaction, the others the
     * script); a rank read after a concurrent move would pair the top score with the bottom rank.
     */
    @Test
    void entryScoreAndRankComeFromOneInstant(RedisConnector redis) throws Exception {
        for (TiePolicy ties : List.of(TiePolicy.LEXICAL, TiePolicy.COMPETITION)) {
            Leaderboard board = Leaderboard.builder(
                            redis, "instant-" + ties.name().toLowerCase(java.util.Locale.ROOT))
                    .ties(ties)
                    .build();
            for (int i = 0; i < 10; i++) {
                board.setScore("m" + i, 10 + i);
            }
            board.setScore("x", 100);
            AtomicBoolean done = new AtomicBoolean();
            List<String> torn = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                tasks.add(() -> {
                    for (int i = 0; i < 300; i++) {
                        board.setScore("x", i % 2 == 0 ? 0 : 100);
                    }
                    return null;
                });
                tasks.add(() -> {
                    while (!done.get()) {
                        Entry x = board.entry("x").orElseThrow();
                        if (x.rank() != (x.score() == 100 ? 1 : 11)) {
                            torn.add(x.toString());
                        }
                    }
                    return null;
                });
            }
            ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
            try {
                List<Future<Void>> futures = new ArrayList<>();
                for (Callable<Void> task : tasks) {
                    futures.add(pool.submit(task));
                }
                for (int i = 0; i < futures.size(); i += 2) {
                    futures.get(i).get();
                }
                done.set(true);
                for (Future<Void> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(torn).as(ties.name()).isEmpty();
        }
    }

    @Test
    void setScoreIfHigherNeverLowersUnderRaces(RedisConnector redis) throws Exception {
        for (TiePolicy ties : List.of(TiePolicy.LEXICAL, TiePolicy.EARLIEST_FIRST)) {
            Leaderboard board = Leaderboard.builder(redis, "best-" + ties.name().toLowerCase(java.util.Locale.ROOT))
                    .ties(ties)
                    .build();
            AtomicBoolean lowered = new AtomicBoolean();
            AtomicBoolean done = new AtomicBoolean();
            double[] best = new double[THREADS];
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int t = 0; t < THREADS - 1; t++) {
                int thread = t;
                tasks.add(() -> {
                    for (int i = 0; i < 60; i++) {
                        double v = ThreadLocalRandom.current().nextInt(100_000);
                        best[thread] = Math.max(best[thread], v);
                        board.setScoreIfHigher("p", v);
                        board.setScoreIfHigher("q" + (i % 3), v);
                    }
                    return null;
                });
            }
            tasks.add(() -> {
                double seen = Double.NEGATIVE_INFINITY;
                while (!done.get()) {
                    double now = board.entry("p").map(Entry::score).orElse(Double.NEGATIVE_INFINITY);
                    if (now < seen) {
                        lowered.set(true);
                    }
                    seen = now;
                }
                return null;
            });
            FutureTask<Void> writers = new FutureTask<>(() -> {
                try {
                    runAll(tasks.subList(0, THREADS - 1));
                    return null;
                } finally {
                    done.set(true);
                }
            });
            new Thread(writers).start();
            tasks.get(THREADS - 1).call();
            writers.get();
            double max = 0;
            for (double v : best) {
                max = Math.max(max, v);
            }
            assertThat(lowered).isFalse();
            assertThat(board.entry("p").orElseThrow().score()).isEqualTo(max);
            List<Entry> top = board.top(10);
            assertThat(top).hasSize(4);
            assertThat(top).extracting(Entry::rank).containsExactly(1L, 2L, 3L, 4L);
            assertThat(top).isSortedAccordingTo((x, y) -> Double.compare(y.score(), x.score()));
        }
    }
}
