package dev.redkit.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.EmbeddedRedis;
import dev.redkit.embedded.junit.CommandCounter;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The console's own load on Redis, counted on the server: what one page view costs, and what the chart sampler
 * costs per second while a page is open. Round trips come from {@link CommandCounter} (MONITOR), INFO calls
 * (which it does not count) from {@code INFO commandstats}. Figures go to {@code target/console-load.txt}.
 */
@RedisTest
class ConsoleLoadIT {

    private static final Duration INTERVAL = Duration.ofMillis(500);

    @Test
    void pageViewsAndTheSamplerStayWithinTheirBudget(RedisConnector redis, RedisTestContext ctx) throws Exception {
        try (Fixture f = new Fixture(redis, b -> b.sampleInterval(INTERVAL))) {
            for (int i = 0; i < 200; i++) {
                f.emails.enqueue(new Fixture.Mail("user" + i + "@example.com"));
            }
            f.get("/queues/emails?state=waiting"); // loads the scripts on the server (EVAL once, see core item 4)
            int nodes = ctx.dataNodes().size();
            long queuePage = measure(ctx, () -> f.get("/queues/emails?state=waiting"))[0];
            long[] overview = measure(ctx, () -> f.get("/"));
            // overview: a few SCAN rounds per node (COUNT 200 over some 230 keys) and one pipeline of MEMORY USAGE, at
            // most
            // 8 per component instance (the fixture's data sits in 2 of them here); cached for 10 s
            assertThat(overview[0]).isLessThanOrEqualTo(nodes * 3L + 8 * 2);
            // queue page: the counts script and the inspector's list script, plus at most one sampler tick meanwhile
            assertThat(queuePage).isLessThanOrEqualTo(2 + 1);
            long windowMs = 5_000;
            long[] sampled;
            long start = System.nanoTime();
            long info0 = infoCalls(ctx);
            try (CommandCounter counter = ctx.commandCounter()) {
                f.get("/api/series/redis"); // a page open: its script polls the series API (no Redis work)
                while (System.nanoTime() - start < windowMs * 1_000_000) {
                    f.get("/api/series/queue:emails");
                    Thread.sleep(250);
                }
                sampled = new long[] {counter.total(), infoCalls(ctx) - info0 - nodes};
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long samples = (long) Math.ceil(seconds * 1000 / INTERVAL.toMillis()) + 1;
            // per sample: one stats script per queue, one INFO
            assertThat(sampled[0]).isLessThanOrEqualTo(samples);
            assertThat(sampled[1]).isLessThanOrEqualTo(samples);
            double perSample = (sampled[0] + sampled[1]) / (seconds * 1000 / INTERVAL.toMillis());
            String line = String.format(
                    Locale.ROOT,
                    "%s: queue page %d commands; overview %d commands + %d INFO; sampler %.1f commands "
                            + "per sample (1 queue): %.2f commands/s at the default 5 s interval, 0 when no page was used for 2 minutes%n",
                    ctx.topology(),
                    queuePage,
                    overview[0],
                    overview[1],
                    perSample,
                    perSample / 5);
            Path out = Path.of("target", "console-load.txt");
            Files.writeString(out, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    private interface Call {
        void run() throws Exception;
    }

    /** Round trips (without INFO) and INFO calls of one call. */
    private static long[] measure(RedisTestContext ctx, Call call) throws Exception {
        long info0 = infoCalls(ctx);
        try (CommandCounter counter = ctx.commandCounter()) {
            call.run();
            return new long[] {
                counter.total(), infoCalls(ctx) - info0 - ctx.dataNodes().size()
            };
        }
    }

    private static long infoCalls(RedisTestContext ctx) throws IOException {
        long sum = 0;
        for (EmbeddedRedis node : ctx.dataNodes()) {
            sum += node.commandCalls("info");
        }
        return sum;
    }
}
