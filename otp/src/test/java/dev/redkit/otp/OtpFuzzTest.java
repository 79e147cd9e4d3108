package dev.redkit.otp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.RedisCommand;
import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.EmbeddedRedis;
import dev.redkit.embedded.EmbeddedRedisCluster;
import dev.redkit.embedded.LogCapture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import redis.clients.jedis.Jedis;

/**
 * Hostile input against the public OTP API on a real 3-master Cluster (so keys split over slots would fail
 * with CROSSSLOT): random unicode, control characters, {@code { } : *}, CR/LF, huge strings as purpose,
 * destination and code. Only the documented {@link IllegalArgumentException}; a code verifies only for
 * its own purpose and normalised destination (injective keys); no key outside the service's prefix is
 * created or touched; codes and the HMAC secret never reach logs, messages or {@code toString()}.
 */
class OtpFuzzTest {

    private static final byte[] SECRET = "otp-fuzz-secret-0123456789abcdefg".getBytes(StandardCharsets.US_ASCII);
    private static final List<String> CANARIES = List.of("canary:a", "canary:b", "canary:{login}", "fuzz:otp:defaul",
            "fuzz:canary");
    private static final DestinationNormalizer NORMALIZER = DestinationNormalizer.emailOrPhone();
    private static EmbeddedRedisCluster cluster;
    private static RedisConnector redis;
    private static OtpService otp;
    private static OtpService neighbour;
    private static String neighbourCode;

    @BeforeContainer
    static void start() {
        cluster = EmbeddedRedisCluster.builder().masters(3).start();
        redis = RedisConnector.create(cluster.config().toBuilder().keyPrefix("fuzz").build());
        otp = OtpService.builder(redis).secret(SECRET).maxSends(1000, java.time.Duration.ofHours(1)).build();
        neighbour = OtpService.builder(redis).name("neighbour").secret(SECRET).build();
        neighbourCode = ((OtpIssue.Issued) neighbour.issue("login", "{a}:*@example.com")).code();
        for (String canary : CANARIES) {
            redis.ops().execute(RedisCommand.builder("SET").key(canary).arg("untouched").build());
        }
    }

    @AfterContainer
    static void stop() {
        if (neighbour != null) {
            assertThat(neighbour.verify("login", "{A}:*@Example.com", neighbourCode)).isEqualTo(OtpResult.verified());
        }
        if (redis != null) {
            redis.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Provide
    Arbitrary<String> hostile() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withChars("{}:*\r\n\u0000 \t\\\"'%.-_@+é\ud83d\ude00").ofMaxLength(30),
                Arbitraries.strings().withChars("{}:*").ofMinLength(250).ofMaxLength(270),
                Arbitraries.strings().alpha().ofMinLength(100_000).ofMaxLength(100_001),
                Arbitraries.of("login", "LOGIN", "a.b_c-d", "", "\ud800", "x".repeat(64), "x".repeat(65)));
    }

    @Provide
    Arbitrary<String> purpose() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Combinators.combine(Arbitraries.strings().withChars("az09").ofLength(1),
                        Arbitraries.strings().withChars("abcz09._-").ofMaxLength(63)).as(String::concat)),
                net.jqwik.api.Tuple.of(1, hostile()));
    }

    @Provide
    Arbitrary<String> destination() {
        Arbitrary<String> local = Arbitraries.strings().withChars("{}:*%.+-_aZ9é\u00df\u0130").ofMinLength(1).ofMaxLength(20);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, hostile()),
                net.jqwik.api.Tuple.of(3, Combinators.combine(local, local).as((a, b) -> a + "@" + b)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(Arbitraries.of("", "+", "+ ", "("),
                        Arbitraries.strings().numeric().ofMinLength(7).ofMaxLength(15), Arbitraries.of("", " ", "-", ")"))
                        .as((a, digits, b) -> a + digits.substring(0, 3) + b + digits.substring(3))));
    }

    @Property(tries = 80)
    void issueAndVerifyWithHostileInput(@ForAll("purpose") String purpose, @ForAll("destination") String destination,
            @ForAll("destination") String otherDestination, @ForAll("purpose") String otherPurpose,
            @ForAll("hostile") String guess) {
        List<String> texts = new ArrayList<>();
        String code = null;
        String logs;
        try (LogCapture capture = LogCapture.start()) {
            OtpIssue issue = null;
            try {
                issue = otp.issue(purpose, destination);
                texts.add(issue.toString());
            } catch (IllegalArgumentException documented) {
                assertThat(documented.getMessage()).containsAnyOf("purpose", "destination");
                texts.add(documented.getMessage());
            }
            Statistics.collect(issue == null ? "rejected: " + texts.get(0).replaceAll("[^a-zA-Z ].*", "") : issue.getClass().getSimpleName());
            if (issue instanceof OtpIssue.Issued) {
                String issued = ((OtpIssue.Issued) issue).code();
                code = issued;
                expectNotVerified(() -> otp.verify(otherPurpose, destination, issued), !otherPurpose.equals(purpose), texts);
                expectNotVerified(() -> otp.verify(purpose, otherDestination, issued), !sameDestination(destination, otherDestination), texts);
                OtpResult wrongGuess = otp.verify(purpose, destination, guess);
                texts.add(wrongGuess.toString());
                if (!guess.replaceAll("[ -]", "").equalsIgnoreCase(issued)) {
                    assertThat(wrongGuess.status()).isEqualTo(OtpResult.Status.INVALID);
                    assertThat(otp.verify(purpose, destination, issued)).isEqualTo(OtpResult.verified());
                }
            }
            logs = capture.text();
        }
        if (code != null) {
            assertThat(String.join("\n", texts)).doesNotContain(code);
            assertThat(logs).doesNotContain(code);
        }
        assertThat(logs + String.join("\n", texts)).doesNotContain(new String(SECRET, StandardCharsets.US_ASCII));
        assertOnlyOwnKeys();
    }

    @Property(tries = 60)
    void neighboursAreNeverTouched(@ForAll("destination") String destination, @ForAll("hostile") String guess) {
        try {
            OtpResult r = otp.verify("login", destination, guess);
            assertThat(r.status()).isNotEqualTo(OtpResult.Status.VERIFIED);
        } catch (IllegalArgumentException documented) {
            assertThat(documented.getMessage()).contains("destination");
        }
        assertOnlyOwnKeys();
    }

    private static boolean sameDestination(String a, String b) {
        try {
            return NORMALIZER.normalize(a).equals(NORMALIZER.normalize(b));
        } catch (IllegalArgumentException invalid) {
            return false;
        }
    }

    private static void expectNotVerified(java.util.function.Supplier<OtpResult> call, boolean differs, List<String> texts) {
        if (!differs) {
            return;
        }
        try {
            OtpResult r = call.get();
            texts.add(r.toString());
            assertThat(r.status()).isNotEqualTo(OtpResult.Status.VERIFIED);
        } catch (IllegalArgumentException documented) {
            assertThat(documented.getMessage()).containsAnyOf("purpose", "destination");
            texts.add(documented.getMessage());
        }
    }

    /** Every key is the service's, the neighbour's (whose code still verifies at the end), or an untouched canary. */
    private static void assertOnlyOwnKeys() {
        Map<String, String> canaries = new HashMap<>();
        List<String> foreign = new ArrayList<>();
        for (EmbeddedRedis node : cluster.masters()) {
            try (Jedis jedis = node.client(2000)) {
                for (String key : jedis.keys("*")) {
                    if (CANARIES.contains(key)) {
                        canaries.put(key, jedis.get(key));
                    } else if (!key.startsWith("fuzz:otp:default:") && !key.startsWith("fuzz:otp:neighbour:")) {
                        foreign.add(key);
                    }
                }
            }
        }
        assertThat(foreign).isEmpty();
        Map<String, String> expected = new HashMap<>();
        CANARIES.forEach(c -> expected.put(c, "untouched"));
        assertThat(canaries).isEqualTo(expected);
    }
}
