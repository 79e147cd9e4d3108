package dev.redkit.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.embedded.junit.Faults;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import dev.redkit.queue.QueueStats;
import dev.redkit.queue.ReliableQueue;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

@RedisTest
class RedkitWorkersTest {

    record Mail(String to) {}

    @Test
    void workersRunAfterRefreshAndStopFinishesTheJobInFlight(RedisTestContext ctx) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger done = new AtomicInteger();
        TestApps.runner(ctx)
                .withBean(
                        "mails",
                        JobHandlerBinding.class,
                        () -> JobHandlerBinding.of("mails", Mail.class, (job, c) -> {
                            started.countDown();
                            release.await();
                            done.incrementAndGet();
                        }))
                .withPropertyValues("redkit.queue.mails.concurrency=2", "redkit.queue.mails.shutdown-timeout=30s")
                .run(app -> {
                    RedkitWorkers workers = app.getBean(RedkitWorkers.class);
                    assertThat(workers.isRunning()).isTrue();
                    ReliableQueue<Mail> mails = app.getBean(RedkitQueues.class).queue("mails", Mail.class);
                    mails.enqueue(new Mail("a@example.com"));
                    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

                    Thread closer = new Thread(
                            () -> ((ConfigurableApplicationContext) app.getSourceApplicationContext()).close());
                    closer.start();
                    Faults.await(() -> !workers.isRunning(), Duration.ofSeconds(10));
                    assertThat(closer.isAlive())
                            .as("close waits for the job in flight")
                            .isTrue();
                    release.countDown();
                    closer.join(30_000);
                    assertThat(closer.isAlive()).isFalse();
                    assertThat(done.get()).isEqualTo(1);
                    assertThat(ReliableQueue.builder(ctx.connector(), "mails", Mail.class)
                                    .build()
                                    .stats())
                            .isEqualTo(new QueueStats(0, 0, 0, 0));
                });
    }

    @Test
    void aJobStillRunningAtTheShutdownTimeoutGoesBackToTheQueue(RedisTestContext ctx) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        TestApps.runner(ctx)
                .withBean(
                        "mails",
                        JobHandlerBinding.class,
                        () -> JobHandlerBinding.of("mails", Mail.class, (job, c) -> {
                            started.countDown();
                            never.await();
                        }))
                .withPropertyValues("redkit.queue.mails.shutdown-timeout=200ms")
                .run(app -> {
                    ReliableQueue<Mail> mails = app.getBean(RedkitQueues.class).queue("mails", Mail.class);
                    mails.enqueue(new Mail("b@example.com"));
                    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
                    ((ConfigurableApplicationContext) app.getSourceApplicationContext()).close();
                    QueueStats stats = ReliableQueue.builder(ctx.connector(), "mails", Mail.class)
                            .build()
                            .stats();
                    assertThat(stats.waiting()).isEqualTo(1);
                    assertThat(stats.inFlight()).isZero();
                });
    }

    @Test
    void theDefaultShutdownTimeoutIsThreeQuartersOfBootsPhaseTimeout(RedisTestContext ctx) {
        TestApps.runner(ctx)
                .withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=20s")
                .run(app -> assertThat(app.getBean(RedkitWorkers.class))
                        .extracting("defaultShutdownTimeout")
                        .isEqualTo(Duration.ofSeconds(15)));
    }
}
