package dev.redkit.otp;

/**
 * Delivers an issued code to its destination (SMS gateway, e-mail service). Redkit ships no sender; the
 * application plugs its own into {@link OtpService#issueAndSend(String, String, OtpSender)}:
 * <!-- snippet: OtpSnippets#otpSender -->
 * <pre>{@code
 * OtpSender logging = message -> log.info("would send {}", message); // toString masks the code
 * OtpSender sms = message -> gateway.send(message.destination(), "Your code is " + message.code());
 * }</pre>
 * Implementations are called on the caller's thread and must be thread-safe if the service is shared.
 */
@FunctionalInterface
public interface OtpSender {

    /**
     * Delivers one code. An exception propagates to the caller of
     * {@link OtpService#issueAndSend(String, String, OtpSender)}; the code stays live and counted.
     *
     * @param message what to deliver, never null
     */
    void send(OtpMessage message);
}
