package dev.redkit.core;

import dev.redkit.core.spi.Checks;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Builds every Redis key a Redkit component uses, so that the layout is one documented scheme and
 * untrusted input can never break out of its place in a key.
 *
 * <h2>Layout</h2>
 * <pre>
 *   prefix:component:name:suffix                 plain key         redkit:ratelimit:api:cfg
 *   prefix:component:name:suffix:part            with an entity    redkit:session:web:user:u-42
 *   prefix:component:name:{part}:suffix          entity slot group redkit:otp:login:{%2B4930}:code
 *   prefix:component:{name}:suffix               name slot group   redkit:queue:{emails}:ready
 * </pre>
 * {@code prefix} comes from {@link RedisConfig#keyPrefix()}; {@code component}, {@code name} and
 * {@code suffix} are identifiers chosen by code ({@code [a-z0-9][a-z0-9._-]*}, checked, never encoded);
 * {@code part} is untrusted input (user ids, e-mail addresses, phone numbers, IP addresses, slugs) and is
 * always {@linkplain #encode(String) encoded}.
 *
 * <h2>Encoding of untrusted parts</h2>
 * Characters {@code A-Z a-z 0-9 - _ . @ +} are kept; every other character is written as its UTF-8
 * bytes in {@code %XX} form (so {@code %} itself becomes {@code %25}). The mapping is injective: two
 * different strings always give two different parts, and a part never contains {@code :}, <code>{</code>,
 * <code>}</code>, white space, control characters or non-ASCII. Strings with unpaired surrogates (which
 * have no UTF-8 form) are rejected.
 *
 * <h2>Hash tags</h2>
 * Redis Cluster hashes only the text between the first <code>{</code> and the next <code>}</code>. A
 * component that touches several keys in one script builds them all with the same {@link #slot(String)}
 * (per entity) or {@link #nameSlot()} (per component instance), so they share a slot. Encoded parts and
 * identifiers contain no braces, so user input can never move a key to another slot.
 *
 * <h2>Limits</h2>
 * An untrusted part may be at most {@value #MAX_PART_LENGTH} characters before encoding, and a whole
 * key at most {@value #MAX_KEY_LENGTH} bytes.
 *
 * <p>Instances are immutable and thread-safe. Example:
 * <!-- snippet: CoreSnippets#keySpace -->
 * <pre>{@code
 * KeySpace keys = connector.keySpace("session", "web");
 * String index = keys.key("user", userId); // redkit:session:web:user:<encoded userId>
 * KeySpace.Slot s = keys.slot(userId);
 * String a = s.key("data"), b = s.key("meta"); // same hash slot
 * }</pre>
 */
public final class KeySpace {

    /** The longest untrusted part accepted, in characters, before encoding. */
    public static final int MAX_PART_LENGTH = 512;
    /** The longest key produced, in UTF-8 bytes. */
    public static final int MAX_KEY_LENGTH = 2048;

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final String base;
    private final String taggedBase;

    private KeySpace(String prefix, String component, String name) {
        this.base = prefix + ':' + component + ':' + name + ':';
        this.taggedBase = prefix + ':' + component + ":{" + name + "}:";
    }

    /**
     * Creates a key space.
     *
     * @param prefix the global prefix ({@link RedisConfig#keyPrefix()})
     * @param component the component, for example {@code session}
     * @param name the instance name, for example {@code web}
     * @return the key space
     * @throws IllegalArgumentException naming the parameter if it is null or not an identifier
     */
    public static KeySpace of(String prefix, String component, String name) {
        return new KeySpace(prefix(prefix, "prefix"), identifier(component, "component"), identifier(name, "name"));
    }

    /**
     * Checks a global key prefix: 1-64 characters from {@code A-Z a-z 0-9 . _ -}; shared with
     * {@link RedisConfig.Builder#keyPrefix(String)} so that both accept the same prefixes.
     *
     * @param value the value
     * @param parameter the parameter name used in the error message
     * @return the value
     * @throws IllegalArgumentException naming the parameter
     */
    static String prefix(String value, String parameter) {
        if (value == null || !PREFIX.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    parameter + " must be 1-64 characters from A-Z a-z 0-9 . _ -, was '" + value + "'");
        }
        return value;
    }

    /**
     * Checks that a code-chosen name is an identifier: 1-64 characters from {@code a-z 0-9 . _ -},
     * starting with a letter or digit.
     *
     * @param value the value
     * @param parameter the parameter name used in the error message
     * @return the value
     * @throws IllegalArgumentException naming the parameter
     */
    public static String identifier(String value, String parameter) {
        if (value == null) {
            throw new IllegalArgumentException(parameter + " must not be null");
        }
        if (!isIdentifier(value)) {
            throw new IllegalArgumentException(
                    parameter + " must be 1-64 characters from a-z 0-9 . _ - starting with a letter or digit, was '"
                            + abbreviate(value) + "'");
        }
        return value;
    }

    /**
     * Whether the text matches {@code [a-z0-9][a-z0-9._-]{0,63}}; a loop rather than a regular expression,
     * since every key a component builds checks its suffix with it.
     */
    private static boolean isIdentifier(String value) {
        int n = value.length();
        if (n == 0 || n > 64) {
            return false;
        }
        char first = value.charAt(0);
        if (!((first >= 'a' && first <= 'z') || (first >= '0' && first <= '9'))) {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = value.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /**
     * A key directly under this space: {@code prefix:component:name:suffix}.
     *
     * @param suffix an identifier
     * @return the key
     */
    public String key(String suffix) {
        return checkLength(base + identifier(suffix, "suffix"));
    }

    /**
     * A key for one entity: {@code prefix:component:name:suffix:encoded(part)}.
     *
     * @param suffix an identifier naming the kind of key
     * @param part untrusted input, encoded
     * @return the key
     * @throws IllegalArgumentException if the part is null, empty or too long
     */
    public String key(String suffix, String part) {
        return checkLength(base + identifier(suffix, "suffix") + ':' + encode(part, "part"), "part");
    }

    /**
     * A slot group for one entity: keys {@code prefix:component:name:{encoded(part)}:suffix}.
     *
     * @param part untrusted input, encoded
     * @return the group
     */
    public Slot slot(String part) {
        return slot(part, "part");
    }

    /**
     * A slot group for one entity, naming the caller's parameter in errors.
     *
     * @param part untrusted input, encoded
     * @param parameter the parameter name for error messages, for example {@code userId}
     * @return the group
     * @throws IllegalArgumentException naming the parameter if the part is null, empty, too long or not valid UTF-16
     */
    public Slot slot(String part, String parameter) {
        return new Slot(checkLength(base + '{' + encode(part, parameter) + "}:", parameter));
    }

    /**
     * The slot group of the whole instance: keys <code>prefix:component:{name}:suffix</code>, for a
     * component whose scripts touch several keys of the same instance (a queue, a leaderboard).
     *
     * @return the group
     */
    public Slot nameSlot() {
        return new Slot(taggedBase);
    }

    /**
     * The common start of every key built by this space (for {@code SCAN MATCH} in tools and tests).
     *
     * @return {@code prefix:component:name:}
     */
    public String base() {
        return base;
    }

    /**
     * Encodes untrusted input as described in the class documentation.
     *
     * @param part the input
     * @return the encoded form
     * @throws IllegalArgumentException if the input is null, empty, longer than {@value #MAX_PART_LENGTH}
     *     characters or not valid UTF-16
     */
    public static String encode(String part) {
        return encode(part, "part");
    }

    /**
     * Encodes untrusted input, naming the caller's parameter in errors.
     *
     * @param part the input
     * @param parameter the parameter name for error messages, for example {@code userId}
     * @return the encoded form
     * @throws IllegalArgumentException naming the parameter
     */
    public static String encode(String part, String parameter) {
        Checks.notEmpty(part, parameter, MAX_PART_LENGTH);
        StringBuilder sb = null;
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (isSafe(c)) {
                if (sb != null) {
                    sb.append(c);
                }
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(part.length() + 16).append(part, 0, i);
            }
            if (c < 0x80) {
                // one UTF-8 byte, the character itself
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
                continue;
            }
            int cp;
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= part.length() || !Character.isLowSurrogate(part.charAt(i + 1))) {
                    throw new IllegalArgumentException(parameter + " contains an unpaired surrogate at index " + i);
                }
                cp = Character.toCodePoint(c, part.charAt(++i));
            } else if (Character.isLowSurrogate(c)) {
                throw new IllegalArgumentException(parameter + " contains an unpaired surrogate at index " + i);
            } else {
                cp = c;
            }
            for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                sb.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
            }
        }
        return sb == null ? part : sb.toString();
    }

    /**
     * Checks untrusted input the way {@link #encode(String, String)} does, without encoding it: for a
     * component that validates a part early (at the API boundary) and builds its key later, or stores the
     * part as a value rather than in a key.
     *
     * @param part the input
     * @param parameter the parameter name for error messages, for example {@code userId}
     * @return {@code part}, unchanged
     * @throws IllegalArgumentException naming the parameter if the input is null, empty, longer than
     *     {@value #MAX_PART_LENGTH} characters or not valid UTF-16
     */
    public static String checkPart(String part, String parameter) {
        return Checks.wellFormed(Checks.notEmpty(part, parameter, MAX_PART_LENGTH), parameter);
    }

    /**
     * Reverses {@link #encode(String)}: for components that store an encoded part and must show the
     * original (a user id kept in a key or a field).
     *
     * @param encoded a value produced by {@link #encode(String)}
     * @return the original string
     * @throws IllegalArgumentException if the text is not a valid encoding
     */
    public static String decode(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            throw new IllegalArgumentException("encoded must not be empty");
        }
        if (encoded.indexOf('%') < 0) {
            return encoded;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    throw new IllegalArgumentException("truncated escape in encoded part");
                }
                int hi = Character.digit(encoded.charAt(i + 1), 16);
                int lo = Character.digit(encoded.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("bad escape in encoded part");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (isSafe(c)) {
                out.write(c);
            } else {
                throw new IllegalArgumentException("character not produced by encode in encoded part");
            }
        }
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    private static boolean isSafe(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '_'
                || c == '.'
                || c == '@'
                || c == '+';
    }

    private static String checkLength(String key) {
        return checkLength(key, "suffix");
    }

    private static String checkLength(String key, String parameter) {
        int bytes = key.length();
        if (bytes > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException(parameter + " is too long once encoded: the key would be " + bytes
                    + " bytes, more than " + MAX_KEY_LENGTH);
        }
        return key;
    }

    private static String abbreviate(String s) {
        String shown = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        StringBuilder sb = new StringBuilder();
        for (char c : shown.toCharArray()) {
            sb.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeySpace && ((KeySpace) o).base.equals(base);
    }

    @Override
    public int hashCode() {
        return base.hashCode();
    }

    @Override
    public String toString() {
        return "KeySpace{" + base + "*}";
    }

    /**
     * Keys that share one Redis Cluster hash slot. Immutable and thread-safe.
     */
    public static final class Slot {
        private final String base;

        private Slot(String base) {
            this.base = base;
        }

        /**
         * A key in this slot group.
         *
         * @param suffix an identifier
         * @return <code>...{tag}:suffix</code>
         */
        public String key(String suffix) {
            return checkLength(base + identifier(suffix, "suffix"));
        }

        /**
         * A key in this slot group for a second, untrusted part.
         *
         * @param suffix an identifier
         * @param part untrusted input, encoded
         * @return <code>...{tag}:suffix:encoded(part)</code>
         */
        public String key(String suffix, String part) {
            return key(suffix, part, "part");
        }

        /**
         * A key in this slot group for a second, untrusted part, naming the caller's parameter in errors.
         *
         * @param suffix an identifier
         * @param part untrusted input, encoded
         * @param parameter the parameter name for error messages, for example {@code userId}
         * @return <code>...{tag}:suffix:encoded(part)</code>
         * @throws IllegalArgumentException naming the parameter if the part is null, empty, too long or not valid UTF-16
         */
        public String key(String suffix, String part, String parameter) {
            return checkLength(base + identifier(suffix, "suffix") + ':' + encode(part, parameter), parameter);
        }

        /**
         * The hash tag text shared by the group's keys.
         *
         * @return the text between the braces
         */
        public String tag() {
            int open = base.indexOf('{');
            return base.substring(open + 1, base.indexOf('}', open));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Slot && ((Slot) o).base.equals(base);
        }

        @Override
        public int hashCode() {
            return base.hashCode();
        }

        @Override
        public String toString() {
            return "Slot{" + base + "*}";
        }
    }
}
