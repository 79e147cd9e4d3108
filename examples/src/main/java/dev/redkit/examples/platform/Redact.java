package dev.redkit.examples.platform;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Masks personal data and secrets for logs and admin pages. */
final class Redact {

    private static final Pattern EMAIL = Pattern.compile("([^\\s@:<>\"']{1,64})@([^\\s@:<>\"']{1,255})");

    private Redact() {}

    /** @return {@code u***@example.com} for {@code user13@example.com} */
    static String email(String address) {
        int at = address == null ? -1 : address.lastIndexOf('@');
        if (at <= 0) {
            return "***";
        }
        return address.charAt(0) + "***" + address.substring(at);
    }

    /** @return the text with every e-mail address in it masked */
    static @Nullable String emails(@Nullable String text) {
        if (text == null) {
            return null;
        }
        Matcher m = EMAIL.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(email(m.group())));
        }
        return m.appendTail(out).toString();
    }

    /** @return {@code +1555*****01} for {@code +15550000001}: the country code and the last two digits */
    static String phone(String phone) {
        if (phone == null || phone.length() < 8) {
            return "***";
        }
        return phone.substring(0, 5) + "*".repeat(phone.length() - 7) + phone.substring(phone.length() - 2);
    }
}
