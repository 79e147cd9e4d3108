package dev.redkit.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redkit.core.Codecs;
import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.junit.MutableClock;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Dead letters are bounded by count and by age, trimmed where they are added. */
@RedisTest
class DeadLetterRetentionIT {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private static ReliableQueueBuilder<EmailJob> emails(
            RedisConnector redis, MutableClock clock, SimpleMeterRegistry registry) {
        return ReliableQueue.builder(redis, "emails", EmailJob.class)
                .clock(clock)
                .meterRegistry(registry)
                .visibilityTimeout(Duration.ofSeconds(10))
                .maxAttempts(1);
    }

    private static long trimmed(SimpleMeterRegistry registry) {
        return (long) registry.get("redkit.queue.dead_letters_trimmed")
                .tag("name", "emails")
                .counter()
                .count();
    }

    @Test
    void aPoisonStreamKeepsOnlyTheNewestMaxCountLettersAndTheirJobs(RedisConnector redis, RedisTestContext ctx) {
        MutableClock clock = new MutableClock(T0);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ReliableQueue<String> raw =
                ReliableQueue.builder(redis, "emails", Codecs.string()).build();
        ReliableQueue<EmailJob> q = emails(redis, clock, registry)
                .deadLetterRetention(20, Duration.ofDays(7))
                .build();
        for (int i = 0; i < 100; i++) {
            raw.enqueue("{not json " + i, EnqueueOptions.immediate().id("poison-" + i));
            clock.advance(Duration.ofMillis(10));
            assertThat(q.poll()).isEmpty();
            assertThat(q.stats().dead()).isLessThanOrEqualTo(20);
        }
        assertThat(q.stats()).isEqualTo(new QueueStats(0, 0, 0, 20));
        assertThat(q.deadLetters(0, 100).stream().map(DeadLetter::id).collect(Collectors.toList()))
                .containsExactlyElementsOf(java.util.stream.IntStream.range(80, 100)
                        .mapToObj(i -> "poison-" + i)
                        .collect(Collectors.toList()));
        assertThat(trimmed(registry)).isEqualTo(80);
        // the trimmed jobs' hashes are gone too: only the 20 letters, the queue's own keys and markers remain
        assertThat(ctx.keys().stream().filter(k -> k.contains(":job:")).count()).isEqualTo(20);
    }

    @Test
    void lettersOlderThanMaxAgeAreDeletedWhenOneIsAddedAndByLaterClaims(RedisConnector redis) {
        MutableClock clock = new MutableClock(T0);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ReliableQueue<EmailJob> q = emails(redis, clock, registry)
                .deadLetterRetention(1000, Duration.ofHours(1))
                .build();
        for (int i = 0; i < 5; i++) {
            q.enqueue(new EmailJob("old" + i, i), EnqueueOptions.immediate().id("old-" + i));
            assertThat(q.poll().orElseThrow().nack("boom")).isEqualTo(NackOutcome.DEAD_LETTERED);
        }
        clock.advance(Duration.ofMinutes(30));
        q.enqueue(new EmailJob("mid", 0), EnqueueOptions.immediate().id("mid"));
        q.poll().orElseThrow().nack("boom");
        assertThat(q.stats().dead()).isEqualTo(6);

        // one hour after the first five failed, the next dead letter deletes them in the same script
        clock.advance(Duration.ofMinutes(30));
        q.enqueue(new EmailJob("new", 0), EnqueueOptions.immediate().id("new"));
        assertThat(q.poll().orElseThrow().nack("boom")).isEqualTo(NackOutcome.DEAD_LETTERED);
        assertThat(q.deadLetters(0, 10).stream().map(DeadLetter::id)).containsExactly("mid", "new");
        assertThat(trimmed(registry)).isEqualTo(5);
        // a trimmed id stays refused while its idempotency marker lives (24 h by default)
        assertThat(q.enqueue(
                                new EmailJob("again", 0),
                                EnqueueOptions.immediate().id("old-0"))
                        .created())
                .isFalse();

        // with no new dead letters, claims age the rest out
        clock.advance(Duration.ofHours(2));
        assertThat(q.poll()).isEmpty();
        assertThat(q.stats().dead()).isZero();
        assertThat(trimmed(registry)).isEqualTo(7);
    }

    @Test
    void loweringTheLimitShrinksTheSetWithBoundedWorkPerCall(RedisConnector redis) {
        MutableClock clock = new MutableClock(T0);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ReliableQueue<EmailJob> loose = emails(redis, clock, registry).build();
        for (int i = 0; i < 450; i++) {
            loose.enqueue(new EmailJob("a" + i, i));
            loose.poll().orElseThrow().nack("boom");
        }
        assertThat(loose.stats().dead()).isEqualTo(450);
        ReliableQueue<EmailJob> strict = emails(redis, clock, registry)
                .deadLetterRetention(10, Duration.ofDays(7))
                .build();
        assertThat(strict.recover()).isZero();
        assertThat(strict.stats().dead()).as("one claim trims at most 200").isEqualTo(250);
        strict.recover();
        strict.recover();
        assertThat(strict.stats().dead()).isEqualTo(10);
        assertThat(trimmed(registry)).isEqualTo(440);
    }

    @Test
    void retentionIsValidatedAndShown(RedisConnector redis) {
        assertThatThrownBy(() ->
                        ReliableQueue.builder(redis, "q", EmailJob.class).deadLetterRetention(0, Duration.ofDays(1)))
                .hasMessageContaining("maxCount");
        assertThatThrownBy(() -> ReliableQueue.builder(redis, "q", EmailJob.class)
                        .deadLetterRetention(10, Duration.ofMillis(999)))
                .hasMessageContaining("maxAge");
        assertThatThrownBy(() ->
                        ReliableQueue.builder(redis, "q", EmailJob.class).deadLetterRetention(10, Duration.ofDays(366)))
                .hasMessageContaining("maxAge");
        assertThatThrownBy(
                        () -> ReliableQueue.builder(redis, "q", EmailJob.class).deadLetterRetention(10, null))
                .hasMessageContaining("maxAge");
        assertThat(ReliableQueue.builder(redis, "q", EmailJob.class).toString())
                .contains("deadLetterRetention=10000 letters, PT168H");
    }
}
