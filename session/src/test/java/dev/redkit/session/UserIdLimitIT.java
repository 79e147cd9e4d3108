package dev.redkit.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The documented user-id limit: 512 characters and {@value SessionStore#MAX_USER_ID_BYTES} bytes once
 * encoded, whatever the key prefix and store name (both at their longest here).
 */
@RedisTest
class UserIdLimitIT {

    private static final String LONGEST_PREFIX = "p".repeat(64);
    private static final String LONGEST_NAME = "n".repeat(64);

    /** Ids at the limit in each encoding width: 1, 6, 9 and 12 encoded bytes per code point. */
    private static final List<String> AT_THE_LIMIT = List.of(
            "a".repeat(512),
            "\u00e9".repeat(SessionStore.MAX_USER_ID_BYTES / 6),
            "\u4e2d".repeat(SessionStore.MAX_USER_ID_BYTES / 9),
            "\uD83D\uDE00".repeat(SessionStore.MAX_USER_ID_BYTES / 12));

    private static SessionStore store(RedisTestContext ctx) {
        return SessionStore.builder(
                        ctx.newConnector(b -> b.keyPrefix(LONGEST_PREFIX)), LONGEST_NAME, TestKeys.SESSION_KEY)
                .build();
    }

    @Test
    void everyIdWithinTheDocumentedLimitWorksInTheWorstCaseEncoding(RedisConnector redis, RedisTestContext ctx) {
        SessionStore sessions = store(ctx);
        for (String userId : AT_THE_LIMIT) {
            NewSession created = sessions.create(userId, Map.of(), ClientInfo.unknown());
            assertThat(sessions.get(created.token()))
                    .hasValueSatisfying(s -> assertThat(s.userId()).isEqualTo(userId));
            assertThat(sessions.list(userId)).hasSize(1);
            assertThat(sessions.revoke(userId, created.session().id())).isTrue();
            assertThat(sessions.revokeAll(userId)).isZero();
            assertThat(sessions.revokeAllExcept(userId, created.token())).isZero();
        }
    }

    @Test
    void oneMoreCharacterFailsWithTheDocumentedMessage(RedisConnector redis, RedisTestContext ctx) {
        SessionStore sessions = store(ctx);
        assertThatThrownBy(() -> sessions.create("a".repeat(513), Map.of(), ClientInfo.unknown()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("userId must be at most 512 characters");
        for (String atLimit : AT_THE_LIMIT.subList(1, AT_THE_LIMIT.size())) {
            String beyond = atLimit + atLimit.substring(0, Character.charCount(atLimit.codePointAt(0)));
            String expected = "userId must be at most " + SessionStore.MAX_USER_ID_BYTES + " bytes once encoded";
            assertThatThrownBy(() -> sessions.create(beyond, Map.of(), ClientInfo.unknown()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(expected);
            assertThatThrownBy(() -> sessions.list(beyond)).hasMessageStartingWith(expected);
            assertThatThrownBy(() -> sessions.revokeAll(beyond)).hasMessageStartingWith(expected);
            assertThatThrownBy(() -> sessions.revokeAllExcept(beyond, "x")).hasMessageStartingWith(expected);
            assertThatThrownBy(() -> sessions.revoke(beyond, "x")).hasMessageStartingWith(expected);
        }
    }
}
