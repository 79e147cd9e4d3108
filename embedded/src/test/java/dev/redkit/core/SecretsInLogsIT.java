package dev.redkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redkit.embedded.EmbeddedRedis;
import dev.redkit.embedded.LogCapture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Passwords never reach logs (every logger at TRACE, captured), {@code toString()}, exception messages or
 * printed stack traces: through connecting, working, a wrong password, a dead server and malformed
 * configuration.
 */
class SecretsInLogsIT {

    private static final String PASSWORD = "Pw-9f3kQz-never-log-me";
    private static final String ENCODED = "Pw-9f3kQz-never-log-me%21";

    @Test
    void passwordsStayOutOfLogsMessagesAndToString() {
        List<Object> seen = new ArrayList<>();
        String logs;
        try (LogCapture capture = LogCapture.start();
                EmbeddedRedis server = EmbeddedRedis.start()) {
            try (Jedis admin = server.client(2000)) {
                admin.aclSetUser(
                        "app", AclIT.leastPrivilegeRule("app", PASSWORD + "!").split(" "));
                admin.configSet("requirepass", PASSWORD);
            }
            for (String url : List.of(
                    "redis://:" + PASSWORD + "@127.0.0.1:" + server.port(),
                    "redis://app:" + ENCODED + "@127.0.0.1:" + server.port() + "?keyPrefix=app")) {
                RedisConfig config = RedisConfig.fromUrl(url);
                seen.add(config);
                seen.add(config.toBuilder());
                try (RedisConnector redis = RedisConnector.create(config)) {
                    seen.add(redis);
                    redis.ops()
                            .execute(RedisCommand.builder("SET")
                                    .key("app:k")
                                    .arg("v")
                                    .build());
                    seen.add(redis.health());
                }
            }
            try (RedisConnector wrong = RedisConnector.create(
                    RedisConfig.fromUrl("redis://app:wrong-" + PASSWORD + "@127.0.0.1:" + server.port()))) {
                seen.add(catchThrowable(wrong::ping));
                seen.add(wrong.health());
            }
            RedisConfig good = RedisConfig.fromUrl("redis://app:" + ENCODED + "@127.0.0.1:" + server.port());
            try (RedisConnector redis = RedisConnector.create(good)) {
                redis.ping();
                server.kill();
                seen.add(catchThrowable(redis::ping));
                seen.add(catchThrowable(() -> redis.ops().execute(RedisCommand.of("GET", "app:k"))));
                seen.add(redis.health());
            }
            for (String bad : List.of(
                    "redis://app:" + PASSWORD + "@127.0.0.1:notaport",
                    "redis://app:" + PASSWORD + "@127.0.0.1:6379/notadb",
                    "redis://app:" + PASSWORD + "@:6379",
                    "redis://app:" + PASSWORD + "@127.0.0.1:6379?socketTimeout=soon",
                    "redis://app:" + PASSWORD + "@127.0.0.1:6379?unknown=1",
                    "http://app:" + PASSWORD + "@127.0.0.1",
                    "redis://app:" + PASSWORD + "%zz@127.0.0.1:6379")) {
                seen.add(catchThrowable(() -> RedisConfig.fromUrl(bad)));
            }
            seen.add(catchThrowable(() -> RedisConfig.fromEnv(
                    Map.of("REDIS_URL", "redis://127.0.0.1:6379", "REDIS_PASSWORD", PASSWORD, "REDIS_TLS", "maybe"))));
            seen.add(RedisConfig.fromEnv(Map.of("REDIS_URL", "redis://127.0.0.1:6379", "REDIS_PASSWORD", PASSWORD)));
            logs = capture.text();
        }
        assertThat(logs).as("TRACE logging was captured").contains("connected");
        assertThat(logs).doesNotContain(PASSWORD);
        for (Object o : seen) {
            assertThat(o).isNotNull();
            String text = o instanceof Throwable ? stackTrace((Throwable) o) : o.toString();
            assertThat(text).as("%s", o.getClass()).doesNotContain(PASSWORD);
        }
        assertThat(seen).filteredOn(o -> o instanceof Throwable).hasSize(11);
    }

    private static Throwable catchThrowable(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("expected a failure");
    }

    private static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    @Test
    void theCaptureRestoresStreams() {
        java.io.PrintStream err = System.err;
        try (LogCapture capture = LogCapture.start()) {
            System.err.println("visible");
            assertThat(capture.text()).contains("visible");
        }
        assertThat(System.err).isSameAs(err);
        assertThatThrownBy(() -> catchThrowable(() -> {})).isInstanceOf(AssertionError.class);
    }
}
