package dev.redkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import dev.redkit.embedded.EmbeddedRedis;
import org.junit.jupiter.api.Test;

class CouponPlatformAppTest {

    private static String runMain(String... args) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            CouponPlatformApp.main(args);
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withARedisUrlItUsesThatServerInsteadOfStartingOne() throws Exception {
        try (EmbeddedRedis redis = EmbeddedRedis.start()) {
            String out = runMain("--check", "--port=0", "--jdbc=jdbc:h2:mem:check-url;DB_CLOSE_DELAY=-1",
                    "--redis=" + redis.url());
            assertThat(out).doesNotContain("started embedded Redis")
                    .contains("Connected to 127.0.0.1:" + redis.port() + " (STANDALONE)").contains("serving at");
        }
    }

    @Test
    void checkModeStartsEmbeddedRedisAndTheDatabaseAndReportsTheAddress() throws Exception {
        String out = runMain("--check", "--port=0", "--jdbc=jdbc:h2:mem:check;DB_CLOSE_DELAY=-1");
        assertThat(out).contains("started embedded Redis at redis://127.0.0.1:").contains("Redis 7.0.15")
                .contains("Database: jdbc:h2:mem:check").containsPattern("serving at http://127\\.0\\.0\\.1:\\d+");
    }
}
