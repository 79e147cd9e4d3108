package dev.redkit.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.RedisCommand;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.spi.Replies;
import dev.redkit.embedded.junit.Faults;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * No loss when worker processes die: worker JVMs ({@link CrashWorkerMain}, started from this test with its
 * class path) are killed with SIGKILL while they hold leases, and replaced; at the end every job ran at
 * least once, none is left or dead-lettered, and the duplicates are at most the jobs the killed processes
 * held. Prints the drain time after the last kill.
 */
@RedisTest
class ProcessCrashIT {

    static final long HANDLER_MILLIS = 20;
    private static final int JOBS = 1500;
    private static final int PROCESSES = 2;
    private static final int CONCURRENCY = 4;
    private static final int KILLS = 3;

    static ReliableQueue<EmailJob> queue(RedisConnector c) {
        return ReliableQueue.builder(c, "proc-crash", EmailJob.class)
                .visibilityTimeout(Duration.ofSeconds(3))
                .maxAttempts(20)
                .backoff(Backoff.fixed(Duration.ofMillis(20)))
                .pollInterval(Duration.ofMillis(200))
                .build();
    }

    static String runsKey(String prefix) {
        return prefix + ":proc-crash-runs";
    }

    private static Process start(RedisTestContext ctx) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("java.class.path");
        String modulePath = System.getProperty("jdk.module.path");
        if (modulePath != null && !modulePath.isEmpty()) {
            classPath = classPath + File.pathSeparator + modulePath;
        }
        String endpoints = ctx.config().endpoints().stream()
                .map(e -> e.host() + ":" + e.port())
                .collect(Collectors.joining(","));
        Process p = new ProcessBuilder(
                        java,
                        "-Xmx128m",
                        "-cp",
                        classPath,
                        CrashWorkerMain.class.getName(),
                        ctx.topology().name(),
                        endpoints,
                        ctx.keyPrefix(),
                        Integer.toString(CONCURRENCY))
                .redirectErrorStream(true)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.equals("started")) {
            // skip the child's log lines until it reports its worker started
        }
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // keep the pipe drained so the child never blocks on its output
                }
            } catch (IOException closed) {
                // the process died
            }
        });
        drain.setDaemon(true);
        drain.start();
        return p;
    }

    private static List<Long> runs(RedisConnector redis, String key) {
        List<Object> values = Replies.asList(
                redis.ops().execute(RedisCommand.builder("HVALS").key(key).build()));
        return values.stream().map(v -> Long.parseLong(Replies.asString(v))).toList();
    }

    @Test
    void sigkilledWorkerProcessesLoseNothing(RedisConnector redis, RedisTestContext ctx) throws Exception {
        ReliableQueue<EmailJob> q = queue(redis);
        String runsKey = runsKey(ctx.keyPrefix());
        q.enqueueAll(
                IntStream.range(0, JOBS).mapToObj(i -> new EmailJob("a@x", i)).toList(),
                job -> EnqueueOptions.immediate().id("job-" + job.n()));
        List<Process> processes = new ArrayList<>();
        long heldAtKills = 0;
        long lastKill = 0;
        try {
            for (int i = 0; i < PROCESSES; i++) {
                processes.add(start(ctx));
            }
            for (int k = 1; k <= KILLS; k++) {
                int target = k * JOBS / (KILLS + 2);
                Faults.await(() -> runs(redis, runsKey).size() >= target, Duration.ofSeconds(120));
                Process victim = processes.remove(0);
                // an upper bound of the leases the victim holds: every lease in flight
                heldAtKills += q.stats().inFlight();
                victim.destroyForcibly(); // SIGKILL on Unix
                lastKill = System.nanoTime();
                assertThat(victim.waitFor(10, java.util.concurrent.TimeUnit.SECONDS))
                        .isTrue();
                processes.add(start(ctx));
            }
            Faults.await(() -> q.stats().total() == 0, Duration.ofSeconds(180));
            long drainMs = (System.nanoTime() - lastKill) / 1_000_000;
            List<Long> runs = runs(redis, runsKey);
            long duplicates = runs.stream().mapToLong(r -> r - 1).sum();
            System.out.printf(
                    "process crash (%s): %d jobs, %d SIGKILLs, %d leases in flight at the kills, "
                            + "%d duplicate runs, queue empty %d ms after the last kill (a replacement JVM started meanwhile)%n",
                    ctx.topology(), JOBS, KILLS, heldAtKills, duplicates, drainMs);
            assertThat(runs).hasSize(JOBS).allMatch(r -> r >= 1);
            assertThat(q.stats()).isEqualTo(new QueueStats(0, 0, 0, 0));
            assertThat(duplicates).isLessThanOrEqualTo(heldAtKills);
        } finally {
            processes.forEach(Process::destroyForcibly);
        }
    }
}
