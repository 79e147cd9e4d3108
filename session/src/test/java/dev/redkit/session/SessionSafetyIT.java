package dev.redkit.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redkit.core.RedisConnector;
import dev.redkit.core.SecretHasher;
import dev.redkit.embedded.EmbeddedRedis;
import dev.redkit.embedded.junit.CommandCounter;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

@RedisTest
class SessionSafetyIT {

    /** Issue 23: with the unkeyed default anyone reading Redis could compute every user's slot tag. */
    @Test
    void aStoreWithoutASecretRefusesToBuild(RedisConnector redis) {
        assertThatThrownBy(() -> SessionStore.builder(redis).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("secret must be set");
    }

    /**
     * The tag in a token and in every key is a keyed hash of the user id: the unkeyed SHA-256 tag that a reader of
     * Redis can compute matches it only by chance (1 in 4,096 per user).
     */
    @Test
    void slotTagsCannotBeComputedFromUserIdsWithoutTheKey(RedisConnector redis) {
        SessionStore sessions =
                SessionStore.builder(redis, "default", TestKeys.SESSION_KEY).build();
        SecretHasher unkeyed = SecretHasher.sha256();
        int matches = 0;
        for (int i = 0; i < 64; i++) {
            String userId = "user-" + i;
            String tag = sessions.create(userId, Map.of(), ClientInfo.unknown())
                    .token()
                    .substring(0, 2);
            byte[] h = unkeyed.hash("redkit.session.slot", userId);
            String guess = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[] {h[0], h[1], h[2]});
            matches += tag.equals(guess.substring(0, 2)) ? 1 : 0;
        }
        assertThat(matches).as("64 users, expected about 0.02 chance matches").isLessThanOrEqualTo(2);
    }

    @Test
    void redisHoldsNoTokenInClear(RedisConnector redis, RedisTestContext ctx) {
        SessionStore sessions =
                SessionStore.builder(redis, "default", TestKeys.SESSION_KEY).build();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            tokens.add(sessions.create("user-" + (i % 2), Map.of("n", i), ClientInfo.of("10.0.0.1", "ua"))
                    .token());
        }
        tokens.add(sessions.rotate(tokens.get(0)).orElseThrow().token());
        tokens.forEach(sessions::get);

        StringBuilder everything = new StringBuilder();
        for (String key : ctx.keys()) {
            everything.append(key).append('\n');
            String type = new String((byte[]) ctx.raw(key, "TYPE", key), StandardCharsets.US_ASCII);
            List<?> values = (List<?>) ctx.raw(
                    key,
                    type.equals("hash") ? "HGETALL" : "ZRANGE",
                    type.equals("hash") ? new String[] {key} : new String[] {key, "0", "-1", "WITHSCORES"});
            for (Object v : values) {
                everything
                        .append(new String((byte[]) v, StandardCharsets.ISO_8859_1))
                        .append('\n');
            }
        }
        String dump = everything.toString();
        assertThat(dump).contains(":s:");
        for (String token : tokens) {
            assertThat(dump).doesNotContain(token).doesNotContain(token.substring(3));
        }
    }

    @Test
    void malformedTokensAreRejectedWithoutTouchingRedis(RedisConnector redis, RedisTestContext ctx) {
        SessionStore sessions =
                SessionStore.builder(redis, "default", TestKeys.SESSION_KEY).build();
        NewSession real = sessions.create("u1", Map.of("k", "v"), ClientInfo.unknown());
        List<String> before = ctx.keys();
        String t = real.token();
        List<String> bad = new ArrayList<>(List.of(
                "",
                "x",
                t + "a",
                t.substring(1),
                "a".repeat(1_000_000),
                t.substring(0, 2) + "{" + t.substring(3),
                t.substring(0, 10) + "\u0000" + t.substring(11),
                t.substring(0, 10) + "é" + t.substring(11),
                t.substring(0, 10) + "." + t.substring(11),
                t.substring(0, 10) + "\ud800" + t.substring(11),
                t.replace('.', '-'),
                t.substring(0, 45) + ":"));
        bad.add(null);
        try (CommandCounter counter = ctx.commandCounter()) {
            for (String token : bad) {
                assertThat(sessions.get(token)).isEmpty();
                assertThat(sessions.rotate(token)).isEmpty();
                assertThat(sessions.revoke(token)).isFalse();
                assertThat(sessions.update(token, Map.of("k", "w"))).isFalse();
            }
            assertThat(sessions.revoke("u1", "not-an-id")).isFalse();
            assertThat(counter.total()).isZero();
        }
        assertThat(ctx.keys()).containsExactlyInAnyOrderElementsOf(before);
        assertThat(sessions.get(t).orElseThrow().attributes()).isEqualTo(Map.of("k", "v"));
    }

    @Test
    void badInputFailsClearlyWithoutTouchingRedis(RedisConnector redis, RedisTestContext ctx) {
        SessionStore sessions = SessionStore.builder(redis, "default", TestKeys.SESSION_KEY)
                .maxAttributeBytes(1000)
                .build();
        NewSession real = sessions.create("u1", Map.of(), ClientInfo.unknown());
        List<String> before = ctx.keys();
        Map<String, Object> nullValue = new HashMap<>();
        nullValue.put("k", null);
        Map<String, Object> nullName = new HashMap<>();
        nullName.put(null, "v");
        ClientInfo none = ClientInfo.unknown();
        try (CommandCounter counter = ctx.commandCounter()) {
            expectIae(() -> sessions.create(null, Map.of(), none), "userId");
            expectIae(() -> sessions.create("", Map.of(), none), "userId");
            expectIae(() -> sessions.create("u".repeat(513), Map.of(), none), "userId");
            expectIae(() -> sessions.create("é".repeat(500), Map.of(), none), "userId");
            expectIae(() -> sessions.create("\ud800", Map.of(), none), "userId");
            expectIae(() -> sessions.create("u1", null, none), "attributes");
            expectIae(() -> sessions.create("u1", Map.of(), null), "clientInfo");
            expectIae(() -> sessions.create("u1", nullValue, none), "attributes['k']");
            expectIae(() -> sessions.create("u1", nullName, none), "attributes");
            expectIae(() -> sessions.create("u1", Map.of("", 1), none), "attributes");
            expectIae(() -> sessions.create("u1", Map.of("n".repeat(129), 1), none), "attributes");
            expectIae(() -> sessions.create("u1", Map.of("big", "x".repeat(2000)), none), "maxAttributeBytes");
            expectIae(() -> sessions.create("u1", Map.of("bad", new Unwritable()), none), "attributes['bad']");
            expectIae(() -> sessions.update(real.token(), null), "attributes");
            expectIae(() -> sessions.update(real.token(), Map.of("big", "x".repeat(2000))), "maxAttributeBytes");
            expectIae(() -> sessions.update(real.token(), Map.of("bad", new Unwritable())), "attributes['bad']");
            expectIae(() -> sessions.list(null), "userId");
            expectIae(() -> sessions.revokeAll(""), "userId");
            expectIae(() -> sessions.revokeAllExcept("u".repeat(600), real.token()), "userId");
            expectIae(() -> sessions.revoke(null, real.session().id()), "userId");
            expectIae(() -> ClientInfo.of("1".repeat(65), "ua"), "ip");
            assertThat(counter.total()).isZero();
        }
        assertThat(ClientInfo.of(null, "u".repeat(10_000)).userAgent()).hasSize(ClientInfo.MAX_USER_AGENT_LENGTH);
        assertThat(ctx.keys()).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void measuresTheMemoryOfOneSession(RedisConnector redis, RedisTestContext ctx) throws Exception {
        StringBuilder report = new StringBuilder();
        String chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                + "Chrome/131.0.0.0 Safari/537.36";
        long compact = measure(redis, ctx, "compact", "okhttp/4.12.0", report);
        long browser = measure(redis, ctx, "browser", chrome, report);
        // a value over hash-max-listpack-value (64 bytes by default) turns the hash into a hashtable
        List<String> previous = new ArrayList<>();
        for (EmbeddedRedis node : ctx.dataNodes()) {
            try (Jedis jedis = node.client(5000)) {
                previous.add(jedis.configGet("hash-max-listpack-value").get("hash-max-listpack-value"));
                jedis.configSet("hash-max-listpack-value", "256");
            }
        }
        long tuned;
        try {
            tuned = measure(redis, ctx, "tuned", chrome, report);
        } finally {
            for (int i = 0; i < previous.size(); i++) {
                try (Jedis jedis = ctx.dataNodes().get(i).client(5000)) {
                    jedis.configSet("hash-max-listpack-value", previous.get(i));
                }
            }
        }
        report.append("(tuned = browser with hash-max-listpack-value 256 on every data node)\n");
        System.out.print(report);
        Files.writeString(Path.of("target", "session-memory-usage-" + ctx.topology() + ".txt"), report);
        assertThat(compact).isBetween(100L, 600L);
        assertThat(browser).isBetween(compact, 1500L);
        assertThat(tuned).isLessThan(browser);
    }

    /** Creates one session in a fresh store and sums MEMORY USAGE of its keys (hash and index). */
    private static long measure(
            RedisConnector redis, RedisTestContext ctx, String name, String userAgent, StringBuilder report) {
        SessionStore sessions = SessionStore.builder(redis, name, new byte[32]).build();
        sessions.create(
                "user-1234567", Map.of("role", "customer", "tenant", "acme"), ClientInfo.of("203.0.113.7", userAgent));
        long total = 0;
        for (String key : ctx.keys()) {
            if (!key.contains(":session:" + name + ":")) {
                continue;
            }
            long bytes = (Long) ctx.raw(key, "MEMORY", "USAGE", key, "SAMPLES", "0");
            String encoding = new String((byte[]) ctx.raw(key, "OBJECT", "ENCODING", key), StandardCharsets.US_ASCII);
            total += bytes;
            report.append(name)
                    .append(key.contains(":s:") ? " session hash " : " user index   ")
                    .append(bytes)
                    .append(" B (")
                    .append(encoding)
                    .append(")\n");
        }
        report.append(name)
                .append(" total ")
                .append(total)
                .append(" B, user agent ")
                .append(userAgent.length())
                .append(" chars (")
                .append(ctx.topology())
                .append(")\n");
        return total;
    }

    private static void expectIae(ThrowingCallable call, String naming) {
        assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(naming);
    }

    /** A bean whose getter fails, so the JSON codec cannot write it. */
    public static final class Unwritable {
        public String getValue() {
            throw new IllegalStateException("boom");
        }
    }
}
