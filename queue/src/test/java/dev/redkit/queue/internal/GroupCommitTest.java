package dev.redkit.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redkit.embedded.junit.Faults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The coordination of {@link GroupCommit} alone: who sends, what a batch holds, what each caller gets back. */
class GroupCommitTest {

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** What a {@link Recording} sender does with its send number {@code send} (1 for the first). */
    private interface Outcomes {
        void set(int send, List<GroupCommit.Call<Integer>> calls);
    }

    /**
     * A sender that records its batches, holds the first one until released, and then sets the outcomes (by
     * default job * 10 per job).
     */
    private static final class Recording implements Consumer<List<GroupCommit.Call<Integer>>> {
        final List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        final CountDownLatch firstSent = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final Outcomes outcomes;

        Recording() {
            this((send, calls) -> calls.forEach(c -> c.succeed(c.job * 10L)));
        }

        Recording(Outcomes outcomes) {
            this.outcomes = outcomes;
        }

        @Override
        public void accept(List<GroupCommit.Call<Integer>> calls) {
            List<Integer> jobs = new ArrayList<>();
            calls.forEach(c -> jobs.add(c.job));
            batches.add(jobs);
            if (batches.size() == 1) {
                firstSent.countDown();
                try {
                    assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            outcomes.set(batches.size(), calls);
        }
    }

    private static void awaitQueued(GroupCommit<?> group, int n) {
        Faults.await(() -> group.queued() >= n, Duration.ofSeconds(10));
    }

    /** Submits a job that the sender holds in flight until released, once its send has started. */
    private Future<Long> sendHeld(GroupCommit<Integer> group, Recording sender, int job) throws InterruptedException {
        Future<Long> first = pool.submit(() -> group.submit(job));
        assertThat(sender.firstSent.await(10, TimeUnit.SECONDS)).isTrue();
        return first;
    }

    /** Submits the jobs one after another, each once the one before is queued behind the send in flight. */
    private List<Future<Long>> queueUp(GroupCommit<Integer> group, List<Integer> jobs) throws InterruptedException {
        int before = group.queued();
        List<Future<Long>> futures = new ArrayList<>();
        for (int job : jobs) {
            futures.add(pool.submit(() -> group.submit(job)));
            awaitQueued(group, before + futures.size());
        }
        return futures;
    }

    private static List<Long> results(List<Future<Long>> futures) throws Exception {
        List<Long> out = new ArrayList<>();
        for (Future<Long> f : futures) {
            out.add(f.get(10, TimeUnit.SECONDS));
        }
        return out;
    }

    @Test
    void aCallerAloneSendsAtOnceAndCallersArrivingMeanwhileGoOutTogetherInArrivalOrder() throws Exception {
        Recording sender = new Recording();
        GroupCommit<Integer> group = new GroupCommit<>(500, job -> 1, Long.MAX_VALUE, sender);
        Future<Long> first = sendHeld(group, sender, 1);
        List<Future<Long>> later = queueUp(group, List.of(2, 3, 4, 5, 6));
        sender.release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(10L);
        assertThat(results(later)).containsExactly(20L, 30L, 40L, 50L, 60L);
        assertThat(sender.batches).containsExactly(List.of(1), List.of(2, 3, 4, 5, 6));
        assertThat(group.submit(7)).as("idle again: alone").isEqualTo(70L);
        assertThat(sender.batches).hasSize(3).last().isEqualTo(List.of(7));
    }

    @Test
    void anInterruptedWaitingCallerStillGetsItsResultAndKeepsItsInterruptStatus() throws Exception {
        Recording sender = new Recording();
        GroupCommit<Integer> group = new GroupCommit<>(500, job -> 1, Long.MAX_VALUE, sender);
        Future<Long> first = sendHeld(group, sender, 1);
        CountDownLatch waiting = new CountDownLatch(1);
        Thread[] caller = new Thread[1];
        Future<String> second = pool.submit(() -> {
            caller[0] = Thread.currentThread();
            waiting.countDown();
            long r = group.submit(2);
            return r + " interrupted=" + Thread.currentThread().isInterrupted();
        });
        assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
        awaitQueued(group, 1);
        caller[0].interrupt();
        assertThat(second).as("still waiting for its batch").isNotDone();
        sender.release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(10L);
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("20 interrupted=true");
        assertThat(sender.batches).containsExactly(List.of(1), List.of(2));
    }

    @Test
    void aBatchHoldsAtMostMaxBatchJobsAndTheRestGoInTheNext() throws Exception {
        Recording sender = new Recording();
        GroupCommit<Integer> group = new GroupCommit<>(3, job -> 1, Long.MAX_VALUE, sender);
        Future<Long> first = sendHeld(group, sender, 0);
        List<Future<Long>> later = queueUp(group, List.of(1, 2, 3, 4, 5, 6, 7));
        sender.release.countDown();
        first.get(10, TimeUnit.SECONDS);
        results(later);
        assertThat(sender.batches).containsExactly(List.of(0), List.of(1, 2, 3), List.of(4, 5, 6), List.of(7));
    }

    @Test
    void aBatchStopsBeforeTheJobThatWouldTakeItPastMaxWeightAndAHeavierJobGoesAlone() throws Exception {
        Recording sender = new Recording();
        GroupCommit<Integer> group = new GroupCommit<>(500, job -> job, 10, sender);
        Future<Long> first = sendHeld(group, sender, 1);
        List<Future<Long>> later = queueUp(group, List.of(4, 5, 3, 9, 20, 1));
        sender.release.countDown();
        first.get(10, TimeUnit.SECONDS);
        results(later);
        assertThat(sender.batches)
                .containsExactly(List.of(1), List.of(4, 5), List.of(3), List.of(9), List.of(20), List.of(1));
    }

    @Test
    void eachCallerGetsTheOutcomeTheSenderSetForItsOwnJob() throws Exception {
        Recording sender = new Recording((send, calls) -> {
            for (GroupCommit.Call<Integer> c : calls) {
                if (c.job % 2 == 0) {
                    c.fail(new IllegalStateException("job " + c.job));
                } else {
                    c.succeed(c.job);
                }
            }
        });
        GroupCommit<Integer> group = new GroupCommit<>(500, job -> 1, Long.MAX_VALUE, sender);
        Future<Long> first = sendHeld(group, sender, 1);
        List<Future<Long>> later = queueUp(group, List.of(2, 3, 4, 5));
        sender.release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1L);
        for (int i = 0; i < later.size(); i++) {
            int job = i + 2;
            Future<Long> f = later.get(i);
            if (job % 2 == 0) {
                assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("job " + job);
            } else {
                assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(job);
            }
        }
        assertThat(sender.batches).hasSize(2);
    }

    @Test
    void aSenderThatThrowsFailsEveryCallerOfItsBatchAndTheNextBatchStillGoesOut() throws Exception {
        Recording sender = new Recording((send, calls) -> {
            if (send == 2) {
                throw new IllegalArgumentException("broken batch");
            } else if (send == 3) {
                throw new AssertionError("an Error");
            }
            calls.forEach(c -> c.succeed(send == 1 ? 1 : 4));
        });
        GroupCommit<Integer> group = new GroupCommit<>(500, job -> 1, Long.MAX_VALUE, sender);
        Future<Long> first = sendHeld(group, sender, 0);
        List<Future<Long>> broken = queueUp(group, List.of(1, 2, 3));
        sender.release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1L);
        for (Future<Long> f : broken) {
            assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(IllegalArgumentException.class)
                    .hasRootCauseMessage("broken batch");
        }
        assertThatThrownBy(() -> group.submit(5)).isInstanceOf(AssertionError.class);
        assertThat(group.submit(6))
                .as("the group is usable after a failed send")
                .isEqualTo(4L);
        assertThat(group.queued()).isZero();
    }

    @Test
    void anErrorInTheSenderFailsTheOtherCallersOfItsBatchWithAnExceptionCausedByIt() throws Exception {
        Recording sender = new Recording((send, calls) -> {
            if (send > 1) {
                throw new StackOverflowError("deep");
            }
            calls.forEach(c -> c.succeed(1));
        });
        GroupCommit<Integer> group = new GroupCommit<>(500, job -> 1, Long.MAX_VALUE, sender);
        Future<Long> first = sendHeld(group, sender, 0);
        List<Future<Long>> queued = queueUp(group, List.of(1, 2));
        Future<Long> leader = queued.get(0);
        Future<Long> follower = queued.get(1);
        sender.release.countDown();
        first.get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> leader.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StackOverflowError.class);
        assertThatThrownBy(() -> follower.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(IllegalStateException.class)
                .hasRootCauseInstanceOf(StackOverflowError.class);
    }

    @Test
    void manyCallersEachGetTheirOwnResultAndNoneWaitsForever() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger overlapping = new AtomicInteger();
        GroupCommit<Integer> group = new GroupCommit<>(7, job -> 1, Long.MAX_VALUE, calls -> {
            if (inFlight.incrementAndGet() > 1) {
                overlapping.incrementAndGet();
            }
            Thread.onSpinWait();
            calls.forEach(c -> c.succeed(-c.job));
            inFlight.decrementAndGet();
        });
        int threads = 16;
        int perThread = 2_000;
        List<Future<Integer>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            done.add(pool.submit(() -> {
                int ok = 0;
                for (int i = 0; i < perThread; i++) {
                    if (group.submit(base + i) == -(base + i)) {
                        ok++;
                    }
                }
                return ok;
            }));
        }
        int ok = 0;
        for (Future<Integer> f : done) {
            ok += f.get(60, TimeUnit.SECONDS);
        }
        assertThat(ok).isEqualTo(threads * perThread);
        assertThat(overlapping.get()).as("sends in flight at once").isZero();
        assertThat(group.queued()).isZero();
    }
}
