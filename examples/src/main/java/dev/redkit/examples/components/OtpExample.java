package dev.redkit.examples.components;

import dev.redkit.otp.OtpIssue;
import dev.redkit.otp.OtpService;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** One-time codes: issue and "send" a code, fail once, verify, and see that a code is single use. */
public final class OtpExample {

    private OtpExample() {}

    /**
     * Runs the example.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        try (ExampleRedis redis = ExampleRedis.start()) {
            OtpService otp = OtpService.builder(
                            redis.connector(),
                            "default",
                            "use-32-random-bytes-from-a-vault!".getBytes(StandardCharsets.UTF_8))
                    .ttl(Duration.ofMinutes(5))
                    .maxAttempts(3)
                    .resendCooldown(Duration.ofSeconds(30))
                    .build();
            String[] sent = new String[1];
            OtpIssue issue = otp.issueAndSend("login", "+1 555 000 0001", m -> {
                sent[0] = m.code();
                System.out.println("SMS to " + m.destination() + ": code " + m.code());
            });
            System.out.println("issued: " + issue.issued());
            System.out.println("resend at once: " + otp.issue("login", "+15550000001"));
            System.out.println("wrong code: " + otp.verify("login", "+15550000001", "not-it"));
            System.out.println("right code: " + otp.verify("login", "+15550000001", sent[0]));
            System.out.println("same code again: " + otp.verify("login", "+15550000001", sent[0]));
        }
    }
}
