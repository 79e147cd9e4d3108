package dev.redkit.examples.platform;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's mail gateway: logs each e-mail and keeps the sent ones in memory. Addresses at
 * {@code bounce.example} always fail and those at {@code flaky.example} fail on the first attempt, so the
 * queue's retries and dead letters have something to show. A simulated outage of the mail provider
 * ({@code PUT /admin/mail-outage}) fails every e-mail while it lasts, so an operator can watch e-mails die, end
 * the outage and replay them from the Redkit console. Addresses appear masked in the log and in errors (which the
 * queue keeps with its dead letters). Thread-safe.
 */
public final class LoggingMailer {

    private static final Logger LOG = LoggerFactory.getLogger(LoggingMailer.class);

    private final List<EmailJob> sent = new CopyOnWriteArrayList<>();
    private final AtomicBoolean outage = new AtomicBoolean();

    /**
     * Sends (logs) an e-mail.
     *
     * @param job the e-mail
     * @param attempt the delivery attempt, 1-based
     * @throws IllegalStateException if the address is a simulated bounce or the simulated outage is on
     */
    public void send(EmailJob job, int attempt) {
        if (outage.get()) {
            throw new IllegalStateException("SMTP 421 service not available (demo outage): " + Redact.email(job.to()));
        }
        if (job.to().endsWith("@bounce.example") || (job.to().endsWith("@flaky.example") && attempt == 1)) {
            throw new IllegalStateException("SMTP 550 mailbox unavailable: " + Redact.email(job.to()));
        }
        sent.add(job);
        LOG.info(
                "E-mail to {}: {} (attempt {}; demo mailer: logged, not sent)",
                Redact.email(job.to()),
                job.subject(),
                attempt);
    }

    /**
     * Starts or ends the simulated outage of the mail provider.
     *
     * @param on whether every e-mail fails from now on
     * @return whether the outage was on before
     */
    public boolean outage(boolean on) {
        boolean before = outage.getAndSet(on);
        if (before != on) {
            LOG.warn("Demo mail provider outage {}", on ? "started: every e-mail fails" : "ended");
        }
        return before;
    }

    /** @return whether the simulated outage is on */
    public boolean outage() {
        return outage.get();
    }

    /** @return the e-mails sent so far, oldest first */
    public List<EmailJob> sent() {
        return List.copyOf(sent);
    }
}
