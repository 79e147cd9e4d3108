package dev.redkit.examples.platform;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The reverse proxies whose {@code X-Forwarded-For} the app believes ({@code TRUSTED_PROXIES}: IP addresses and
 * CIDR ranges, comma-separated; default none). The client address of a request is:
 * <ol>
 *   <li>the TCP peer, when the peer is not a trusted proxy (its {@code X-Forwarded-For} is ignored: anyone
 *       can send one);</li>
 *   <li>otherwise the right-most {@code X-Forwarded-For} entry that is not itself a trusted proxy, walking from
 *       the right: each proxy appends the address it saw, so entries left of the first untrusted one were
 *       written by the client and prove nothing;</li>
 *   <li>an entry that is not an IP literal stops the walk: the last address a trusted hop vouched for is used
 *       (never a host name, never a value the client chose).</li>
 * </ol>
 * Addresses come back in one canonical text form, so {@code ::1} and {@code 0:0:0:0:0:0:0:1} are one client.
 * Immutable and thread-safe.
 */
public final class TrustedProxies {

    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final int MAX_ENTRIES = 32;

    private static final TrustedProxies NONE = new TrustedProxies(List.of(), "");

    private final List<Range> ranges;
    private final String text;

    private TrustedProxies(List<Range> ranges, String text) {
        this.ranges = ranges;
        this.text = text;
    }

    /** @return no trusted proxy: the TCP peer is always the client */
    public static TrustedProxies none() {
        return NONE;
    }

    /** @return the loopback addresses ({@code 127.0.0.0/8, ::1}), for a reverse proxy on the same host */
    public static TrustedProxies loopback() {
        return parse("127.0.0.0/8,::1", "TRUSTED_PROXIES");
    }

    /**
     * Parses a list such as {@code "10.0.0.0/8, 192.0.2.7, ::1"}.
     *
     * @param list comma-separated IP addresses and CIDR ranges; null or blank for none
     * @param setting the setting's name, for the error message
     * @return the trusted proxies
     * @throws IllegalArgumentException naming the setting for an entry that is not an IP address or CIDR range
     */
    public static TrustedProxies parse(@Nullable String list, String setting) {
        if (list == null || list.isBlank()) {
            return NONE;
        }
        List<Range> ranges = new ArrayList<>();
        for (String raw : list.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int slash = entry.indexOf('/');
            String host = slash < 0 ? entry : entry.substring(0, slash);
            InetAddress address = literal(host)
                    .orElseThrow(() -> new IllegalArgumentException(
                            setting + " must list IP addresses or CIDR ranges, had '" + entry + "'"));
            int max = address.getAddress().length * 8;
            int bits = max;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > max) {
                    throw new IllegalArgumentException(
                            setting + " has a bad prefix length in '" + entry + "' (0-" + max + ")");
                }
            }
            ranges.add(new Range(address.getAddress(), bits));
        }
        return ranges.isEmpty() ? NONE : new TrustedProxies(List.copyOf(ranges), list.trim());
    }

    /** @return whether no proxy is trusted */
    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /**
     * Resolves the client address of a request.
     *
     * @param peer the TCP peer address
     * @param forwardedFor every {@code X-Forwarded-For} header value of the request, in order (may be empty)
     * @return the client address in canonical form
     */
    public String clientIp(String peer, List<String> forwardedFor) {
        InetAddress peerAddress = literal(peer).orElse(null);
        if (peerAddress == null) {
            return peer;
        }
        if (!trusts(peerAddress) || forwardedFor.isEmpty()) {
            return peerAddress.getHostAddress();
        }
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            hops.addAll(Arrays.asList(header.split(",", -1)));
        }
        InetAddress client = peerAddress;
        for (int i = hops.size() - 1, seen = 0; i >= 0 && seen < MAX_ENTRIES; i--, seen++) {
            Optional<InetAddress> hop = literal(hops.get(i).trim());
            if (hop.isEmpty()) {
                break;
            }
            client = hop.get();
            if (!trusts(client)) {
                break;
            }
        }
        return client.getHostAddress();
    }

    /**
     * @param address an address
     * @return whether it lies in a trusted range
     */
    public boolean trusts(InetAddress address) {
        byte[] bytes = address.getAddress();
        for (Range r : ranges) {
            if (r.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Parses an IP literal without ever resolving a host name.
     *
     * @param text the text, IPv6 optionally in brackets
     * @return the address, or empty if the text is not an IPv4 or IPv6 literal
     */
    static Optional<InetAddress> literal(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        boolean v4 = IPV4.matcher(s).matches();
        boolean v6 = !v4 && s.indexOf(':') >= 0 && IPV6.matcher(s).matches();
        if (!v4 && !v6) {
            return Optional.empty(); // never hand InetAddress anything it might look up in DNS
        }
        try {
            return Optional.of(InetAddress.getByName(s));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return ranges.isEmpty() ? "none" : text.toLowerCase(Locale.ROOT);
    }

    private record Range(byte[] network, int bits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }
}
