package dev.redkit.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.EmbeddedRedisCluster;
import dev.redkit.embedded.LogCapture;
import dev.redkit.embedded.junit.KeyAudit;
import dev.redkit.embedded.junit.RandomInputs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile input against the public session API on a real 3-master Cluster (so a key mapping that split one
 * script's keys over slots would fail with CROSSSLOT): random unicode, lone surrogates, control characters,
 * {@code { } : *}, CR/LF, huge strings. Only documented exceptions; equal ids map to the same user and
 * different ids never see each other's sessions (injective keys); no key outside the store's own prefix is
 * created or touched; tokens and the hashing secret never reach logs or exception messages.
 */
class SessionFuzzTest {

    private static final byte[] SECRET = "fuzz-secret-0123456789abcdefghijk".getBytes(StandardCharsets.US_ASCII);
    private static final List<String> CANARIES =
            List.of("canary:a", "canary:b", "canary:c", "canary:{u}:*\r\n", "fuzz:canary", "fuzz:session:defaul");
    private static EmbeddedRedisCluster cluster;
    private static RedisConnector redis;
    private static KeyAudit audit;
    private static SessionStore sessions;
    private static SessionStore quiet;
    private static SessionStore neighbour;
    private static String neighbourToken;

    @BeforeAll
    static void start() {
        cluster = EmbeddedRedisCluster.builder().masters(3).start();
        redis = RedisConnector.create(
                cluster.config().toBuilder().keyPrefix("fuzz").build());
        sessions = SessionStore.builder(redis, "default", SECRET)
                .maxSessionsPerUser(3)
                .build();
        quiet = SessionStore.builder(redis, "quiet", TestKeys.SESSION_KEY).build();
        neighbour =
                SessionStore.builder(redis, "neighbour", TestKeys.SESSION_KEY).build();
        neighbourToken = neighbour
                .create("{u}:*\r\n", Map.of("k", "v"), ClientInfo.unknown())
                .token();
        audit = KeyAudit.plant(redis.ops(), CANARIES);
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String hostile(RandomInputs in) {
        return in.oneOf(
                () -> in.anyText(40),
                () -> in.from("{}:*\r\n\u0000 \t\\\"'%.é\u202e\ud83d\ude00", 0, 30),
                () -> in.from("{}:*", 500, 530),
                () -> in.letters(100_000, 100_001),
                () -> in.pick(
                        "{",
                        "}",
                        "{}",
                        ":",
                        "*",
                        "\r\n",
                        "u1",
                        "U1",
                        "u1 ",
                        "\ud800",
                        "",
                        "x".repeat(512),
                        "x".repeat(513)));
    }

    private static Map<String, String> attributes(RandomInputs in) {
        Map<String, String> map = new HashMap<>();
        int size = in.nextInt(5);
        for (int i = 0; i < size; i++) {
            map.put(hostile(in), in.anyText(60));
        }
        return map;
    }

    @Test
    void createReadListRevokeWithHostileIdsAndAttributes() {
        RandomInputs in = new RandomInputs(3);
        for (int i = 0; i < 60; i++) {
            createReadListRevoke(hostile(in), hostile(in), attributes(in));
        }
    }

    @Test
    void hostileTokensAndIdsAreRejectedQuietly() {
        RandomInputs in = new RandomInputs(4);
        for (int i = 0; i < 80; i++) {
            rejectQuietly(hostile(in), hostile(in));
        }
    }

    private static void createReadListRevoke(String userId, String otherUser, Map<String, String> attributes) {
        String logs;
        List<String> messages = new ArrayList<>();
        NewSession created = null;
        try (LogCapture capture = LogCapture.start()) {
            try {
                created = sessions.create(userId, attributes, ClientInfo.of("203.0.113.9", userId));
            } catch (IllegalArgumentException documented) {
                messages.add(String.valueOf(documented.getMessage()));
            }
            if (created != null) {
                Optional<Session> read = sessions.get(created.token());
                assertThat(read).isPresent();
                assertThat(read.get().userId()).isEqualTo(userId);
                // text UTF-8 cannot carry (unpaired surrogates) is refused, so what was accepted reads back exactly
                assertThat(attributes.keySet()).allMatch(SessionFuzzTest::wellFormed);
                assertThat(attributes.values()).allMatch(SessionFuzzTest::wellFormed);
                assertThat(new TreeMap<>(read.get().attributes())).isEqualTo(new TreeMap<>(attributes));
                assertThat(sessions.list(userId))
                        .extracting(SessionInfo::id)
                        .contains(created.session().id());
                if (!otherUser.equals(userId)) {
                    try {
                        assertThat(sessions.list(otherUser))
                                .extracting(SessionInfo::id)
                                .doesNotContain(created.session().id());
                        assertThat(sessions.revoke(otherUser, created.session().id()))
                                .isFalse();
                        sessions.revokeAll(otherUser);
                        assertThat(sessions.get(created.token())).isPresent();
                    } catch (IllegalArgumentException documented) {
                        messages.add(String.valueOf(documented.getMessage()));
                    }
                }
                assertThat(sessions.update(created.token(), Map.of("n", otherUser.length())))
                        .isTrue();
                Optional<NewSession> rotated = sessions.rotate(created.token());
                assertThat(rotated).isPresent();
                assertThat(sessions.get(created.token())).isEmpty();
                assertThat(sessions.revoke(rotated.get().token())).isTrue();
                messages.add(created.toString());
                messages.add(rotated.get().toString());
                assertText(
                        String.join("\n", messages),
                        created.token(),
                        rotated.get().token());
            }
            logs = capture.text();
        }
        if (created != null) {
            assertText(logs, created.token(), created.token());
        }
        assertThat(neighbour.get(neighbourToken)).isPresent();
        assertOnlyOwnKeys();
    }

    private static void rejectQuietly(String token, String userId) {
        assertThat(quiet.get(token)).isEmpty();
        assertThat(quiet.rotate(token)).isEmpty();
        assertThat(quiet.revoke(token)).isFalse();
        assertThat(quiet.update(token, Map.of("k", "v"))).isFalse();
        try {
            assertThat(quiet.revoke(userId, token)).isFalse();
            assertThat(quiet.revokeAllExcept(userId, token)).isZero();
            assertThat(quiet.list(userId)).isEmpty();
        } catch (IllegalArgumentException documented) {
            assertThat(documented.getMessage()).contains("userId");
        }
        assertThat(neighbour.get(neighbourToken)).isPresent();
        assertOnlyOwnKeys();
    }

    /** True unless the string holds an unpaired UTF-16 surrogate (text that UTF-8 cannot carry). */
    static boolean wellFormed(String s) {
        return s.equals(new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }

    private static void assertText(String text, String token, String otherToken) {
        assertThat(text)
                .doesNotContain(token)
                .doesNotContain(token.substring(3))
                .doesNotContain(otherToken)
                .doesNotContain(new String(SECRET, StandardCharsets.US_ASCII));
    }

    /** Every key is the store's, the neighbour's, or a canary left as it was. */
    private static void assertOnlyOwnKeys() {
        audit.assertOnlyOwnKeys(
                cluster.masters(), "fuzz:session:default:", "fuzz:session:neighbour:", "fuzz:session:quiet:");
    }
}
