package dev.redkit.examples.platform;

import dev.redkit.otp.OtpMessage;
import dev.redkit.otp.OtpSender;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's SMS gateway: logs each one-time code instead of sending it and remembers the last code per
 * destination, which the traffic simulator and the tests read ({@link #lastCode(String)}). Never do this
 * with real codes: a log line holding a live code is a credential.
 */
public final class LoggingSmsSender implements OtpSender {

    private static final Logger LOG = LoggerFactory.getLogger(LoggingSmsSender.class);

    private final Map<String, String> lastCodes = new ConcurrentHashMap<>();
    private final boolean toConsole;

    /**
     * @param toConsole whether to print each code on standard output as well (the demo's "phone")
     */
    public LoggingSmsSender(boolean toConsole) {
        this.toConsole = toConsole;
    }

    @Override
    public void send(OtpMessage message) {
        lastCodes.put(message.destination(), message.code());
        LOG.info("SMS to {}: your {} code is {} (demo sender: logged, not sent)", message.destination(),
                message.purpose(), message.code());
        if (toConsole) {
            System.out.println("[demo SMS] to " + message.destination() + ": your " + message.purpose() + " code is "
                    + message.code());
        }
    }

    /**
     * @param destination the normalised destination (as the OTP service passes it to the sender)
     * @return the last code sent there
     */
    public Optional<String> lastCode(String destination) {
        return Optional.ofNullable(lastCodes.get(destination));
    }
}
