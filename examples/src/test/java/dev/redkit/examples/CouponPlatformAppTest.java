package dev.redkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.embedded.EmbeddedRedis;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CouponPlatformAppTest {

    private static final String SECRET = Base64.getEncoder().encodeToString(new byte[32]);

    private record Run(int status, String out, String err) {}

    private static Run runMain(Map<String, String> env, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = CouponPlatformApp.run(
                args,
                env,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Map<String, String> secrets() {
        Map<String, String> env = new HashMap<>();
        env.put("SESSION_SECRET", SECRET);
        env.put("OTP_SECRET", SECRET);
        return env;
    }

    @Test
    void withARedisUrlItUsesThatServerInsteadOfStartingOne() throws Exception {
        try (EmbeddedRedis redis = EmbeddedRedis.start()) {
            Run run = runMain(
                    secrets(),
                    "--check",
                    "--port=0",
                    "--jdbc=jdbc:h2:mem:check-url;DB_CLOSE_DELAY=-1",
                    "--redis=" + redis.url());
            assertThat(run.status()).as(run.err()).isZero();
            assertThat(run.out())
                    .doesNotContain("started embedded Redis")
                    .doesNotContain("DEV MODE")
                    .contains("Connected to 127.0.0.1:" + redis.port() + " (STANDALONE)")
                    .contains("serving at")
                    .contains("Trusted proxies: none (X-Forwarded-For is ignored)");
        }
    }

    @Test
    void checkModeStartsEmbeddedRedisAndTheDatabaseAndReportsTheAddress() throws Exception {
        Run run = runMain(Map.of(), "--dev", "--check", "--port=0", "--jdbc=jdbc:h2:mem:check;DB_CLOSE_DELAY=-1");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("*** DEV MODE")
                .contains("started embedded Redis at redis://127.0.0.1:")
                .contains("Redis 7.0.15")
                .contains("Database: jdbc:h2:mem:check")
                .containsPattern("serving at http://127\\.0\\.0\\.1:\\d+")
                .containsPattern("admin token for this run: [A-Za-z0-9_-]{32}")
                .containsPattern("/admin/dashboard#token=[A-Za-z0-9_-]{32}");
    }

    /** Before: an unreachable REDIS_URL ended startup with a 48-line stack trace (issue 20, item 6). */
    @Test
    void anUnreachableRedisEndsStartupWithOneLineNamingTheEndpointWithoutCredentials() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Run run = runMain(
                secrets(),
                "--check",
                "--port=0",
                "--jdbc=jdbc:h2:mem:unreachable;DB_CLOSE_DELAY=-1",
                "--redis=redis://app:s3cr3t-pw@127.0.0.1:" + port);
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err())
                .startsWith("coupon platform: cannot start: cannot reach Redis at 127.0.0.1:" + port)
                .doesNotContain("s3cr3t")
                .doesNotContain("\tat ")
                .doesNotContain("Exception");
        assertThat(run.out()).doesNotContain("serving at");
    }

    /** Before: missing secrets silently became random keys per instance, noted only at DEBUG. */
    @Test
    void missingSecretsRefuseToStartOutsideDevMode() throws Exception {
        Run run = runMain(Map.of(), "--check", "--port=0", "--jdbc=jdbc:h2:mem:nosecret;DB_CLOSE_DELAY=-1");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err())
                .startsWith("coupon platform: cannot start: SESSION_SECRET is not set")
                .contains("REDKIT_DEV=true or --dev");
        Map<String, String> onlySession = Map.of("SESSION_SECRET", SECRET);
        assertThat(runMain(onlySession, "--check", "--port=0").err()).contains("OTP_SECRET is not set");
        Map<String, String> shortKey = Map.of("SESSION_SECRET", "c2hvcnQ=", "OTP_SECRET", SECRET);
        assertThat(runMain(shortKey, "--check", "--port=0").err())
                .contains("SESSION_SECRET must decode to at least 32 bytes");
    }

    /** Before: ADMIN_TOKEN was optional on any address. */
    @Test
    void aPublicBindRefusesToStartWithoutAnAdminToken() throws Exception {
        Map<String, String> env = secrets();
        env.put("HOST", "0.0.0.0");
        Run run = runMain(env, "--check", "--port=0", "--jdbc=jdbc:h2:mem:public;DB_CLOSE_DELAY=-1");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("ADMIN_TOKEN is required when HOST is not a loopback address (HOST=0.0.0.0)");
        env.put("ADMIN_TOKEN", "short");
        assertThat(runMain(env, "--check", "--port=0").err()).contains("ADMIN_TOKEN must be at least 16 characters");
    }

    /** Before: the H2 file sat at java.io.tmpdir/redkit-examples/coupons, readable by every local user. */
    @Test
    void theDatabaseFileLivesInAPrivateDataDirectory(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("data");
        Map<String, String> env = secrets();
        env.put("DATA_DIR", dir.toString());
        Run run = runMain(env, "--check", "--port=0");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("Database: jdbc:h2:file:" + dir.resolve("coupons"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                .isEqualTo("rwx------");
        assertThat(dir.resolve("coupons.mv.db")).exists();

        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(runMain(env, "--check", "--port=0").status()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                .as("narrowed again")
                .isEqualTo("rwx------");
    }
}
