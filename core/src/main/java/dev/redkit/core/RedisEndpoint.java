package dev.redkit.core;

import dev.redkit.core.spi.Checks;

/**
 * A Redis server address: a host name or IP literal and a TCP port.
 *
 * @param host host name or IP address, never empty
 * @param port TCP port, 1 to 65535
 */
public record RedisEndpoint(String host, int port) {

    /**
     * Validates the address.
     *
     * @throws IllegalArgumentException if the host is null or blank or the port is out of range
     */
    public RedisEndpoint {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, was " + port);
        }
    }

    /**
     * Parses {@code host:port}, {@code host} (port 6379) or {@code [ipv6]:port}.
     *
     * @param hostAndPort the address text
     * @param defaultPort the port used when none is given
     * @return the endpoint
     * @throws IllegalArgumentException if the text is not an address
     */
    public static RedisEndpoint parse(String hostAndPort, int defaultPort) {
        Checks.notNull(hostAndPort, "hostAndPort");
        String text = hostAndPort.trim();
        String host = text;
        int port = defaultPort;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("endpoint '" + text + "' has an unclosed IPv6 bracket");
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("endpoint '" + text + "' is not [ipv6]:port");
                }
                port = parsePort(rest.substring(1), text);
            }
        } else {
            int colon = text.lastIndexOf(':');
            if (colon >= 0) {
                host = text.substring(0, colon);
                port = parsePort(text.substring(colon + 1), text);
            }
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("endpoint '" + text + "' has no host");
        }
        return new RedisEndpoint(host, port);
    }

    private static int parsePort(String port, String text) {
        try {
            int value = Integer.parseInt(port);
            if (value < 1 || value > 65535) {
                throw new IllegalArgumentException("port in endpoint '" + text + "' must be between 1 and 65535");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port in endpoint '" + text + "' is not a number", e);
        }
    }

    /** Returns {@code host:port}, with brackets around an IPv6 literal. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
