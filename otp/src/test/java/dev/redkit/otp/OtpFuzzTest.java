package dev.redkit.otp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.EmbeddedRedisCluster;
import dev.redkit.embedded.LogCapture;
import dev.redkit.embedded.junit.KeyAudit;
import dev.redkit.embedded.junit.RandomInputs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile input against the public OTP API on a real 3-master Cluster (so keys split over slots would fail
 * with CROSSSLOT): random unicode, control characters, {@code { } : *}, CR/LF, huge strings as purpose,
 * destination and code. Only the documented {@link IllegalArgumentException}; a code verifies only for
 * its own purpose and normalised destination (injective keys); no key outside the service's prefix is
 * created or touched; codes and the HMAC secret never reach logs, messages or {@code toString()}.
 */
class OtpFuzzTest {

    private static final byte[] SECRET = "otp-fuzz-secret-0123456789abcdefg".getBytes(StandardCharsets.US_ASCII);
    private static final List<String> CANARIES =
            List.of("canary:a", "canary:b", "canary:{login}", "fuzz:otp:defaul", "fuzz:canary");
    private static final DestinationNormalizer NORMALIZER = DestinationNormalizer.emailOrPhone();
    private static EmbeddedRedisCluster cluster;
    private static RedisConnector redis;
    private static KeyAudit audit;
    private static OtpService otp;
    private static OtpService neighbour;
    private static String neighbourCode;

    @BeforeAll
    static void start() {
        cluster = EmbeddedRedisCluster.builder().masters(3).start();
        redis = RedisConnector.create(
                cluster.config().toBuilder().keyPrefix("fuzz").build());
        otp = OtpService.builder(redis, "default", SECRET)
                .maxSends(1000, java.time.Duration.ofHours(1))
                .build();
        neighbour = OtpService.builder(redis, "neighbour", SECRET).build();
        neighbourCode = ((OtpIssue.Issued) neighbour.issue("login", "{a}:*@example.com")).code();
        audit = KeyAudit.plant(redis.ops(), CANARIES);
    }

    @AfterAll
    static void stop() {
        if (neighbour != null) {
            assertThat(neighbour.verify("login", "{A}:*@Example.com", neighbourCode))
                    .isEqualTo(OtpResult.verified());
        }
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
                () -> in.from("{}:*\r\n\u0000 \t\\\"'%.-_@+é\ud83d\ude00", 0, 30),
                () -> in.from("{}:*", 250, 270),
                () -> in.letters(100_000, 100_001),
                () -> in.pick("login", "LOGIN", "a.b_c-d", "", "\ud800", "x".repeat(64), "x".repeat(65)));
    }

    private static String purpose(RandomInputs in) {
        return in.weighted(
                List.of(4, 1),
                List.<Supplier<? extends String>>of(
                        () -> in.from("az09", 1, 1) + in.from("abcz09._-", 0, 63), () -> hostile(in)));
    }

    private static String destination(RandomInputs in) {
        return in.weighted(
                List.of(1, 3, 2),
                List.<Supplier<? extends String>>of(
                        () -> hostile(in),
                        () -> in.from("{}:*%.+-_aZ9é\u00df\u0130", 1, 20) + in.pick("", "\ud83d\ude00", "\ud83c\udf81x")
                                + "@" + in.from("{}:*%.+-_aZ9é\u00df\u0130", 1, 20),
                        () -> {
                            String digits = in.digits(7, 15);
                            return in.pick("", "+", "+ ", "(")
                                    + digits.substring(0, 3)
                                    + in.pick("", " ", "-", ")")
                                    + digits.substring(3);
                        }));
    }

    @Test
    void issueAndVerifyWithHostileInput() {
        RandomInputs in = new RandomInputs(5);
        for (int i = 0; i < 80; i++) {
            issueAndVerify(purpose(in), destination(in), destination(in), purpose(in), hostile(in));
        }
    }

    @Test
    void neighboursAreNeverTouched() {
        RandomInputs in = new RandomInputs(6);
        for (int i = 0; i < 60; i++) {
            neighbours(destination(in), hostile(in));
        }
    }

    private static void issueAndVerify(
            String purpose, String destination, String otherDestination, String otherPurpose, String guess) {
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
            if (issue instanceof OtpIssue.Issued) {
                String issued = ((OtpIssue.Issued) issue).code();
                code = issued;
                expectNotVerified(
                        () -> otp.verify(otherPurpose, destination, issued), !otherPurpose.equals(purpose), texts);
                expectNotVerified(
                        () -> otp.verify(purpose, otherDestination, issued),
                        !sameDestination(destination, otherDestination),
                        texts);
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

    private static void neighbours(String destination, String guess) {
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

    private static void expectNotVerified(
            java.util.function.Supplier<OtpResult> call, boolean differs, List<String> texts) {
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
        audit.assertOnlyOwnKeys(cluster.masters(), "fuzz:otp:default:", "fuzz:otp:neighbour:");
    }
}
