package dev.redkit.examples.boot;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Stands in for the SMS and e-mail gateways: logs what would be sent and keeps it for the demo and tests. */
@Component
public class Outbox {

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    private final Map<String, String> lastCode = new ConcurrentHashMap<>();
    private final List<String> emails = new CopyOnWriteArrayList<>();

    void sms(String phone, String code) {
        LOG.info("SMS to {}: your login code is {}", phone, code);
        lastCode.put(phone, code);
    }

    void email(String to, String text) {
        LOG.info("e-mail to {}: {}", to, text);
        emails.add(to + ": " + text);
    }

    /**
     * @param phone a phone number
     * @return the last code sent to it, or {@code null}
     */
    public @Nullable String lastCode(String phone) {
        return lastCode.get(phone);
    }

    /** @return every e-mail sent, oldest first */
    public List<String> emails() {
        return List.copyOf(emails);
    }
}
