package dev.redkit.examples.platform;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's mail gateway: logs each e-mail and keeps the sent ones in memory. Addresses at
 * {@code bounce.example} always fail and those at {@code flaky.example} fail on the first attempt, so the
 * queue's retries and dead letters have something to show. Addresses appear masked in the log and in errors
 * (which the queue keeps with its dead letters).
 */
public final class LoggingMailer {

    private static final Logger LOG = LoggerFactory.getLogger(LoggingMailer.class);

    private final List<EmailJob> sent = new CopyOnWriteArrayList<>();

    /**
     * Sends (logs) an e-mail.
     *
     * @param job the e-mail
     * @param attempt the delivery attempt, 1-based
     * @throws IllegalStateException if the address is a simulated bounce
     */
    public void send(EmailJob job, int attempt) {
        if (job.to().endsWith("@bounce.example") || (job.to().endsWith("@flaky.example") && attempt == 1)) {
            throw new IllegalStateException("SMTP 550 mailbox unavailable: " + Redact.email(job.to()));
        }
        sent.add(job);
        LOG.info("E-mail to {}: {} (attempt {}; demo mailer: logged, not sent)", Redact.email(job.to()), job.subject(), attempt);
    }

    /** @return the e-mails sent so far, oldest first */
    public List<EmailJob> sent() {
        return List.copyOf(sent);
    }
}
