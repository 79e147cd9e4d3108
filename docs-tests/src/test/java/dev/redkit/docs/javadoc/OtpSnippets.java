package dev.redkit.docs.javadoc;

import dev.redkit.core.RedisConnector;
import dev.redkit.otp.DestinationNormalizer;
import dev.redkit.otp.OtpIssue;
import dev.redkit.otp.OtpResult;
import dev.redkit.otp.OtpSender;
import dev.redkit.otp.OtpService;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Javadoc examples of the Otp module, compiled; see {@code JavadocExamples}. */
class OtpSnippets {

    private static final Logger log = LoggerFactory.getLogger(OtpSnippets.class);

    // otp/src/main/java/dev/redkit/otp/DestinationNormalizer.java
    void destinationNormalizer() {
        // region destinationNormalizer
        DestinationNormalizer userIds = d -> DestinationNormalizer.email().normalize(d + "@users.example");
        // endregion
    }

    // otp/src/main/java/dev/redkit/otp/OtpIssue.java
    String otpIssue(OtpService otp, String phone, Sms sms) {
        // region otpIssue
        OtpIssue outcome = otp.issue("login", phone);
        if (outcome instanceof OtpIssue.Issued issued) {
            sms.send(phone, "Your code: " + issued.code());
        } else if (outcome instanceof OtpIssue.Cooldown cooldown) {
            return "Wait " + cooldown.retryAfter().toSeconds() + " s before asking for a new code";
        }
        // endregion
        return "";
    }

    // otp/src/main/java/dev/redkit/otp/OtpResult.java
    String otpResult(OtpService otp, String phone, String submitted) {
        // region otpResult
        OtpResult result = otp.verify("login", phone, submitted);
        switch (result.status()) {
            case VERIFIED:
                return signIn(phone);
            case INVALID:
                return "Wrong code, " + result.attemptsLeft() + " attempts left";
            case EXPIRED:
                return "No valid code: ask for a new one";
            case LOCKED:
                return "Too many wrong codes: ask for a new one";
            case LOCKED_OUT:
                return "Too many wrong codes today: try again tomorrow";
        }
        // endregion
        return "";
    }

    // otp/src/main/java/dev/redkit/otp/OtpSender.java
    void otpSender(Gateway gateway) {
        // region otpSender
        OtpSender logging = message -> log.info("would send {}", message); // toString masks the code
        OtpSender sms = message -> gateway.send(message.destination(), "Your code is " + message.code());
        // endregion
    }

    // otp/src/main/java/dev/redkit/otp/OtpService.java
    void otpService(RedisConnector connector, byte[] hmacKey) {
        // region otpService
        OtpService otp = OtpService.builder(connector)
                .secret(hmacKey)
                .digits(6)
                .ttl(Duration.ofMinutes(5))
                .maxAttempts(5)
                .resendCooldown(Duration.ofSeconds(30))
                .maxSends(5, Duration.ofHours(1))
                .build();
        OtpIssue issued = otp.issue("login", "+919876543210");
        OtpResult result = otp.verify("login", "+919876543210", "123456");
        // endregion
    }

    private static String signIn(String phone) {
        return "Welcome " + phone;
    }

    /** Sends text messages. */
    interface Sms {
        void send(String phone, String text);
    }

    /** An SMS gateway. */
    interface Gateway {
        void send(String destination, String text);
    }
}
