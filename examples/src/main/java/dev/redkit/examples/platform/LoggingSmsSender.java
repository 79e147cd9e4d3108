package dev.redkit.examples.platform;

import dev.redkit.otp.OtpMessage;
import dev.redkit.otp.OtpSender;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's SMS gateway: sends nothing. It logs that a code went out with the code and the number masked,
 * prints the code on the console only when asked to ({@code SMS_TO_CONSOLE}, dev mode only by default), and
 * keeps the last code per destination for the traffic simulator and the tests ({@link #lastCode(String)}), in a
 * bounded memory: at most {@code maxRemembered} numbers, each forgotten after {@code maxAge} (the code's
 * lifetime). A log line holding a live code is a credential; this sender never writes one.
 */
public final class LoggingSmsSender implements OtpSender {

    private static final Logger LOG = LoggerFactory.getLogger(LoggingSmsSender.class);

    private final boolean toConsole;
    private final PrintStream console;
    private final int maxRemembered;
    private final Duration maxAge;
    private final Clock clock;
    private final LinkedHashMap<String, Sent> lastCodes = new LinkedHashMap<>();

    private record Sent(String code, Instant at) {}

    /**
     * @param toConsole whether to print each code on standard output (the demo's "phone")
     * @param maxRemembered how many destinations' last codes to keep, at least 1
     * @param maxAge how long a remembered code is kept
     * @param clock the clock of {@code maxAge}
     */
    public LoggingSmsSender(boolean toConsole, int maxRemembered, Duration maxAge, Clock clock) {
        if (maxRemembered < 1) {
            throw new IllegalArgumentException("maxRemembered must be at least 1, was " + maxRemembered);
        }
        this.toConsole = toConsole;
        this.console = System.out;
        this.maxRemembered = maxRemembered;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    @Override
    public void send(OtpMessage message) {
        Instant now = clock.instant();
        synchronized (lastCodes) {
            lastCodes.remove(message.destination());
            lastCodes.put(message.destination(), new Sent(message.code(), now));
            prune(now);
        }
        LOG.info(
                "SMS to {}: {} code {} (demo sender: not sent{})",
                Redact.phone(message.destination()),
                message.purpose(),
                "*".repeat(message.code().length()),
                toConsole ? "; printed on the console" : "");
        if (toConsole) {
            console.println("[demo SMS] to " + message.destination() + ": your " + message.purpose() + " code is "
                    + message.code());
        }
    }

    /**
     * The capture hook of tests and the simulator.
     *
     * @param destination the canonical destination (as the OTP service passes it to the sender)
     * @return the last code sent there, if it was sent within {@code maxAge}
     */
    public Optional<String> lastCode(String destination) {
        synchronized (lastCodes) {
            prune(clock.instant());
            Sent sent = lastCodes.get(destination);
            return sent == null ? Optional.empty() : Optional.of(sent.code());
        }
    }

    /** @return how many destinations' codes are remembered now */
    public int remembered() {
        synchronized (lastCodes) {
            prune(clock.instant());
            return lastCodes.size();
        }
    }

    private void prune(Instant now) {
        Instant oldest = now.minus(maxAge);
        Iterator<Map.Entry<String, Sent>> it = lastCodes.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Sent> e = it.next();
            if (lastCodes.size() > maxRemembered || e.getValue().at().isBefore(oldest)) {
                it.remove();
            } else {
                break; // insertion order is send order: the rest are newer
            }
        }
    }
}
