package dev.redkit.cache.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The bytes stored under an entry key: an ASCII header followed by the codec's payload.
 * <pre>
 *   v1|V|&lt;logical expiry, epoch ms&gt;|&lt;last load time, ms&gt;|&lt;payload&gt;    a value
 *   v1|N|&lt;logical expiry, epoch ms&gt;|&lt;last load time, ms&gt;|                 "not found"
 * </pre>
 * The logical expiry is on the cache's clock; {@code acquire.lua} parses it to tell a fresh entry. The
 * physical Redis TTL is longer by the stale-if-error grace.
 *
 * @param found whether the loader found a value
 * @param expiresAt the logical expiry in epoch milliseconds
 * @param loadMillis how long the load that produced the entry took (XFetch's delta)
 * @param payload the codec's bytes; empty when not found
 */
record StoredEntry(boolean found, long expiresAt, long loadMillis, byte[] payload) {

    private static final byte[] EMPTY = new byte[0];

    static StoredEntry value(long expiresAt, long loadMillis, byte[] payload) {
        return new StoredEntry(true, expiresAt, loadMillis, payload);
    }

    static StoredEntry notFound(long expiresAt, long loadMillis) {
        return new StoredEntry(false, expiresAt, loadMillis, EMPTY);
    }

    byte[] toBytes() {
        byte[] header = ("v1|" + (found ? 'V' : 'N') + '|' + expiresAt + '|' + loadMillis + '|')
                .getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(header, header.length + payload.length);
        System.arraycopy(payload, 0, out, header.length, payload.length);
        return out;
    }

    /**
     * Parses stored bytes.
     *
     * @param bytes the bytes
     * @return the entry, or {@code null} when the bytes are not in this format
     */
    static @Nullable StoredEntry parse(byte[] bytes) {
        if (bytes.length < 9 || bytes[0] != 'v' || bytes[1] != '1' || bytes[2] != '|' || bytes[4] != '|') {
            return null;
        }
        boolean found;
        if (bytes[3] == 'V') {
            found = true;
        } else if (bytes[3] == 'N') {
            found = false;
        } else {
            return null;
        }
        int i = 5;
        long expiresAt = 0;
        int start = i;
        while (i < bytes.length && bytes[i] >= '0' && bytes[i] <= '9' && i - start < 18) {
            expiresAt = expiresAt * 10 + (bytes[i++] - '0');
        }
        if (i == start || i >= bytes.length || bytes[i] != '|') {
            return null;
        }
        i++;
        long load = 0;
        start = i;
        while (i < bytes.length && bytes[i] >= '0' && bytes[i] <= '9' && i - start < 18) {
            load = load * 10 + (bytes[i++] - '0');
        }
        if (i == start || i >= bytes.length || bytes[i] != '|') {
            return null;
        }
        i++;
        if (!found) {
            return i == bytes.length ? notFound(expiresAt, load) : null;
        }
        return value(expiresAt, load, Arrays.copyOfRange(bytes, i, bytes.length));
    }
}
