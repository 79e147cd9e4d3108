package dev.redkit.examples.components;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Runs every standalone component example on its own embedded Redis and checks what it prints. */
class ComponentExamplesTest {

    private interface Main {
        void run(String[] args) throws Exception;
    }

    private static String run(Main main) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            main.run(new String[0]);
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void session() throws Exception {
        assertThat(run(SessionExample::main))
                .contains("role via token: customer")
                .contains("laptop after logout: false")
                .contains("devices left: 1");
    }

    @Test
    void otp() throws Exception {
        assertThat(run(OtpExample::main))
                .contains("resend at once: Cooldown")
                .contains("right code: VERIFIED")
                .contains("same code again: EXPIRED");
    }

    @Test
    void rateLimit() throws Exception {
        assertThat(run(RateLimitExample::main))
                .contains("request 5: allowed")
                .contains("request 6: 429")
                .contains("Retry-After=")
                .contains("another IP: true");
    }

    @Test
    void cache() throws Exception {
        assertThat(run(CacheExample::main)).contains("read 4: Amazon").contains("cached as not found): Optional.empty");
    }

    @Test
    void queue() throws Exception {
        String out = run(QueueExample::main);
        assertThat(out).containsOnlyOnce("sent to ann@example.com").contains("dead: order-2 after 3 attempts");
    }

    @Test
    void lock() throws Exception {
        assertThat(run(LockExample::main))
                .contains("another thread while held: refused")
                .contains("(larger: true)")
                .contains("withLock: ran exclusively");
    }

    @Test
    void leaderboard() throws Exception {
        assertThat(run(LeaderboardExample::main))
                .contains("#1 ANN 12.0")
                .contains("#2 CEM 10.0")
                .contains("#2 BOB 10.0")
                .contains("today's board size: 6");
    }

    @Test
    void analytics() throws Exception {
        assertThat(run(AnalyticsExample::main))
                .contains("offer-2 clicks today: 3")
                .contains("offer-2 unique viewers: 3")
                .contains("offer-2 3.00");
    }
}
