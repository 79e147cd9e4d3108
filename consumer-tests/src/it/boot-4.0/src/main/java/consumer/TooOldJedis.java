package consumer;

import dev.redkit.core.RedisConfig;
import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.EmbeddedRedis;

/**
 * Runs on the Jedis Spring Boot 4.0 manages (7.0.0): creating a connector and starting an embedded server must
 * each fail at once with one line that names the version found, the supported range and the fix.
 */
public final class TooOldJedis {

    private TooOldJedis() {
    }

    public static void main(String[] args) {
        expectFixMessage("RedisConnector.create", () -> RedisConnector.create(RedisConfig.builder().standalone("127.0.0.1", 6379).build()));
        expectFixMessage("EmbeddedRedis.start", EmbeddedRedis::start);
        System.out.println("consumer: all checks passed");
    }

    private static void expectFixMessage(String call, Runnable action) {
        try {
            action.run();
        } catch (IllegalStateException e) {
            String m = e.getMessage();
            System.out.println("consumer: " + call + " failed with: " + m);
            if (m.contains("found Jedis 7.0.0") && m.contains("7.4.1") && m.contains("<jedis.version>")
                    && m.contains("implementation(\"redis.clients:jedis:") && !m.contains("\n")) {
                return;
            }
        } catch (Throwable e) {
            System.out.println("consumer: FAILED: " + call + " threw " + e);
            System.exit(1);
        }
        System.out.println("consumer: FAILED: " + call + " did not fail with the fix message");
        System.exit(1);
    }
}
