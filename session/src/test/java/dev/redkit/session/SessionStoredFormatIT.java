package dev.redkit.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import dev.redkit.embedded.junit.StoredLayout;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pins the stored format of sessions (docs/COMPATIBILITY.md, docs/session.md behaviour 6): a change to a key, a
 * type, a hash field or a TTL fails here before it can break a rolling deploy in which old and new instances
 * share one Redis.
 */
@RedisTest
class SessionStoredFormatIT {

    @Test
    void aSessionIsOneHashAndTheUserIndexOneSortedSetBothExpiring(RedisConnector redis, RedisTestContext ctx) {
        SessionStore sessions =
                SessionStore.builder(redis, "web", TestKeys.SESSION_KEY).build();
        sessions.create("user-42", Map.of("role", "customer"), ClientInfo.of("10.0.0.1", "Firefox"));

        List<String> layout = StoredLayout.of(ctx).stream()
                .map(line -> line.replaceAll("\\{[^}]+}", "{tag}").replaceAll(":s:[^ ]+", ":s:<id>"))
                .toList();
        assertThat(layout)
                .containsExactly(
                        "session:web:{tag}:s:<id> hash [a:role, c, e, ip, l, u, ua, x] ttl",
                        "session:web:{tag}:u:user-42 zset ttl");
    }
}
