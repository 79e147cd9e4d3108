package dev.redkit.core;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Parses the URL form documented on {@link RedisConfig}.
 *
 * <p><b>Secrets.</b> The user-info ({@code user:password@}) of a URL is a credential, and a mistyped URL does not say
 * where it ends: a password with an unencoded {@code /}, {@code ?} or {@code #} cuts the URL in the wrong place, and a
 * missing {@code @} turns the password into a host name. So an error message never repeats any text of the URL: it
 * names the part that is wrong (the scheme, the user-info, host number <i>n</i>, the database, option
 * <i>name</i>) and the form it expects. Exceptions carry no cause (a {@link NumberFormatException} would repeat its
 * input). Host names are checked against the host name and IP literal syntax before the configuration exists, so
 * text from a user-info that lost its {@code @} fails here and is never resolved, printed or connected to.
 */
final class RedisUrlParser {

    /** One DNS label: letters, digits, {@code -} and {@code _} (used by some internal names), not at either end. */
    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\\.?");

    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}(%[A-Za-z0-9._-]{1,32})?");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,10}");
    private static final String ENCODE_HINT =
            "percent-encode '/', '?', '#' and '@' in the user name and password (%2F, %3F, %23, %40)";

    private RedisUrlParser() {}

    static RedisConfig parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("Redis URL must not be empty");
        }
        try {
            return parseOrThrow(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Invalid Redis URL (its text is not repeated, it may hold a password): " + e.getMessage());
        }
    }

    private static RedisConfig parseOrThrow(String url) {
        int schemeEnd = url.indexOf("://");
        if (schemeEnd < 0) {
            throw new IllegalArgumentException(
                    "missing scheme (expected redis://, rediss://, redis+cluster:// or redis+sentinel://)");
        }
        boolean tls;
        Topology topology;
        switch (url.substring(0, schemeEnd).toLowerCase(Locale.ROOT)) {
            case "redis":
                tls = false;
                topology = Topology.STANDALONE;
                break;
            case "rediss":
                tls = true;
                topology = Topology.STANDALONE;
                break;
            case "redis+cluster":
                tls = false;
                topology = Topology.CLUSTER;
                break;
            case "rediss+cluster":
                tls = true;
                topology = Topology.CLUSTER;
                break;
            case "redis+sentinel":
                tls = false;
                topology = Topology.SENTINEL;
                break;
            case "rediss+sentinel":
                tls = true;
                topology = Topology.SENTINEL;
                break;
            default:
                throw new IllegalArgumentException("unknown scheme (expected redis, rediss, redis+cluster, "
                        + "rediss+cluster, redis+sentinel or rediss+sentinel)");
        }
        String rest = url.substring(schemeEnd + 3);
        int at = rest.lastIndexOf('@');
        int authorityEnd = firstDelimiter(rest, 0);
        if (at >= 0 && authorityEnd >= 0 && authorityEnd < at) {
            throw new IllegalArgumentException("an '@' follows a '/', '?' or '#': " + ENCODE_HINT);
        }
        RedisConfig.Builder b = RedisConfig.builder().tls(tls);
        if (at >= 0) {
            applyUserInfo(b, rest.substring(0, at));
            rest = rest.substring(at + 1);
        }
        int end = firstDelimiter(rest, 0);
        String authority = end < 0 ? rest : rest.substring(0, end);
        String tail = end < 0 ? "" : rest.substring(end);
        if (tail.indexOf('#') >= 0) {
            throw new IllegalArgumentException("a fragment ('#') is not allowed; " + ENCODE_HINT);
        }
        String query = null;
        int q = tail.indexOf('?');
        if (q >= 0) {
            query = tail.substring(q + 1);
            tail = tail.substring(0, q);
        }
        String path = tail.startsWith("/") ? tail.substring(1) : tail;
        List<RedisEndpoint> endpoints = parseHosts(authority, topology == Topology.SENTINEL ? 26379 : 6379);
        applyTopology(b, topology, endpoints, path);
        if (query != null && !query.isEmpty()) {
            String[] pairs = query.split("&");
            for (int i = 0; i < pairs.length; i++) {
                int eq = pairs[i].indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("option " + (i + 1) + " is not name=value");
                }
                String name = pairs[i].substring(0, eq);
                applyOption(b, name, decode(pairs[i].substring(eq + 1), "the value of an option"));
            }
        }
        return b.build();
    }

    private static int firstDelimiter(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                return i;
            }
        }
        return -1;
    }

    /** {@code user:password}, {@code :password} or {@code password} (the legacy form without a user name). */
    private static void applyUserInfo(RedisConfig.Builder b, String userInfo) {
        int colon = userInfo.indexOf(':');
        String user = colon < 0 ? "" : decode(userInfo.substring(0, colon), "the user name");
        String pass = decode(colon < 0 ? userInfo : userInfo.substring(colon + 1), "the password");
        if (!user.isEmpty()) {
            b.username(user);
        }
        if (!pass.isEmpty()) {
            b.password(pass);
        }
    }

    private static List<RedisEndpoint> parseHosts(String authority, int defaultPort) {
        if (authority.isEmpty()) {
            throw new IllegalArgumentException("missing host");
        }
        String[] parts = authority.split(",", -1);
        List<RedisEndpoint> endpoints = new ArrayList<>(parts.length);
        for (int i = 0; i < parts.length; i++) {
            endpoints.add(parseHost(parts[i], i + 1, defaultPort));
        }
        return endpoints;
    }

    private static RedisEndpoint parseHost(String text, int n, int defaultPort) {
        String host;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            host = close < 0 ? "" : text.substring(1, close);
            String after = close < 0 ? "" : text.substring(close + 1);
            if (close < 0
                    || !IPV6.matcher(host).matches()
                    || host.indexOf(':') < 0
                    || !(after.isEmpty() || after.startsWith(":"))) {
                throw badHost(n);
            }
            port = after.isEmpty() ? null : after.substring(1);
        } else {
            int colon = text.indexOf(':');
            if (colon >= 0 && text.indexOf(':', colon + 1) >= 0) {
                throw badHost(n);
            }
            host = colon < 0 ? text : text.substring(0, colon);
            port = colon < 0 ? null : text.substring(colon + 1);
            if (!HOST_NAME.matcher(host).matches()) {
                throw badHost(n);
            }
        }
        int value = defaultPort;
        if (port != null) {
            value = DIGITS.matcher(port).matches() ? Integer.parseInt(port.length() > 5 ? "0" : port) : 0;
            if (value < 1 || value > 65535) {
                throw new IllegalArgumentException("the port of host " + n + " must be a number from 1 to 65535");
            }
        }
        return new RedisEndpoint(host, value);
    }

    private static IllegalArgumentException badHost(int n) {
        return new IllegalArgumentException("host " + n + " is not a host name, an IPv4 address or a bracketed IPv6 "
                + "address (is the '@' after the password missing? " + ENCODE_HINT + ")");
    }

    private static void applyTopology(
            RedisConfig.Builder b, Topology topology, List<RedisEndpoint> endpoints, String path) {
        switch (topology) {
            case STANDALONE:
                if (endpoints.size() != 1) {
                    throw new IllegalArgumentException(
                            "a standalone URL takes one host; use redis+cluster:// for several");
                }
                b.standalone(endpoints.get(0).host(), endpoints.get(0).port());
                if (!path.isEmpty()) {
                    b.database(parseInt(path, "the database"));
                }
                break;
            case CLUSTER:
                b.cluster(endpoints);
                if (!path.isEmpty() && !path.equals("0")) {
                    throw new IllegalArgumentException("the database must be 0 on Cluster");
                }
                break;
            default:
                String[] parts = path.split("/", -1);
                if (path.isEmpty() || parts[0].isEmpty()) {
                    throw new IllegalArgumentException("missing master name (redis+sentinel://host:port/mastername)");
                }
                if (parts.length > 2) {
                    throw new IllegalArgumentException("a Sentinel path is /mastername or /mastername/database");
                }
                b.sentinel(decode(parts[0], "the master name"), endpoints);
                if (parts.length > 1) {
                    b.database(parseInt(parts[1], "the database"));
                }
                break;
        }
    }

    @SuppressWarnings("deprecation") // maxWaitForConnection stays a known option, so old URLs keep parsing
    private static void applyOption(RedisConfig.Builder b, String name, String value) {
        try {
            switch (name) {
                case "connectTimeout":
                    b.connectTimeout(parseDuration(value, name));
                    break;
                case "callTimeout":
                    b.callTimeout(parseDuration(value, name));
                    break;
                case "socketTimeout":
                    b.socketTimeout(parseDuration(value, name));
                    break;
                case "blockingSocketTimeout":
                    b.blockingSocketTimeout(parseDuration(value, name));
                    break;
                case "maxWaitForConnection":
                    b.maxWaitForConnection(parseDuration(value, name));
                    break;
                case "maxConnections":
                    b.maxConnections(parseInt(value, name));
                    break;
                case "maxQueuedCalls":
                    b.maxQueuedCalls(parseInt(value, name));
                    break;
                case "minIdleConnections":
                    b.minIdleConnections(parseInt(value, name));
                    break;
                case "clusterMaxAttempts":
                    b.clusterMaxAttempts(parseInt(value, name));
                    break;
                case "clientName":
                    b.clientName(value);
                    break;
                case "keyPrefix":
                    b.keyPrefix(value);
                    break;
                case "verifyHostname":
                    b.verifyHostname(parseBoolean(value, name));
                    break;
                default:
                    throw new IllegalArgumentException(
                            "unknown option (known: connectTimeout, socketTimeout, callTimeout, "
                                    + "blockingSocketTimeout, maxWaitForConnection, maxConnections, maxQueuedCalls, minIdleConnections, "
                                    + "clusterMaxAttempts, clientName, keyPrefix, verifyHostname)");
            }
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("unknown option")) {
                throw e;
            }
            throw new IllegalArgumentException("option " + name + " has a bad value (" + rule(name) + ")");
        }
    }

    private static String rule(String option) {
        switch (option) {
            case "maxConnections":
            case "clusterMaxAttempts":
                return "a whole number, 1 or more";
            case "minIdleConnections":
            case "maxQueuedCalls":
                return "a whole number, 0 or more";
            case "clientName":
                return "1-64 printable ASCII characters without spaces";
            case "keyPrefix":
                return "1-64 characters from A-Z a-z 0-9 . _ -";
            case "verifyHostname":
                return "true or false";
            default:
                return "a positive duration of at least 1 ms such as 500ms, 2s, 1m or ISO-8601";
        }
    }

    private static String decode(String s, String part) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(part + " has a bad percent-encoding");
        }
    }

    private static int parseInt(String s, String part) {
        if (!DIGITS.matcher(s).matches() || Long.parseLong(s) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(part + " is not a whole number");
        }
        return Integer.parseInt(s);
    }

    /** Parses true/yes/1 or false/no/0 (any case); shared with {@link RedisEnvParser}. */
    static boolean parseBoolean(String value, String part) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true":
            case "yes":
            case "1":
                return true;
            case "false":
            case "no":
            case "0":
                return false;
            default:
                throw new IllegalArgumentException(part + " must be true or false, was '" + value + "'");
        }
    }

    private static Duration parseDuration(String s, String part) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("p")) {
                return Duration.parse(s.trim());
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            if (v.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            return Duration.ofMillis(Long.parseLong(v));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(part + " is not a duration");
        }
    }
}
