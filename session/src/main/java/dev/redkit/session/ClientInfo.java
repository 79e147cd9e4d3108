package dev.redkit.session;

/**
 * Where a session was opened from, stored with it for a "your devices" page.
 *
 * @param ip the client IP address as text, or {@code ""} when unknown; at most {@value #MAX_IP_LENGTH}
 *     characters
 * @param userAgent the user agent, or {@code ""} when unknown; {@link #of(String, String)} truncates it
 *     to {@value #MAX_USER_AGENT_LENGTH} characters
 */
public record ClientInfo(String ip, String userAgent) {

    /** The longest IP text accepted (an IPv6 address with zone fits). */
    public static final int MAX_IP_LENGTH = 64;
    /** The longest user agent kept; longer ones are truncated by {@link #of(String, String)}. */
    public static final int MAX_USER_AGENT_LENGTH = 512;

    private static final ClientInfo UNKNOWN = new ClientInfo("", "");

    /**
     * Validates the fields.
     *
     * @param ip the IP text
     * @param userAgent the user agent
     * @throws IllegalArgumentException naming the field if it is null or too long
     */
    public ClientInfo {
        if (ip == null) {
            throw new IllegalArgumentException("ip must not be null (use \"\" when unknown)");
        }
        if (ip.length() > MAX_IP_LENGTH) {
            throw new IllegalArgumentException(
                    "ip must be at most " + MAX_IP_LENGTH + " characters, was " + ip.length());
        }
        if (userAgent == null) {
            throw new IllegalArgumentException("userAgent must not be null (use \"\" when unknown)");
        }
        if (userAgent.length() > MAX_USER_AGENT_LENGTH) {
            throw new IllegalArgumentException(
                    "userAgent must be at most " + MAX_USER_AGENT_LENGTH + " characters, was " + userAgent.length());
        }
    }

    /**
     * Client information from request values, which may be missing: {@code null} becomes {@code ""} and
     * a user agent longer than {@value #MAX_USER_AGENT_LENGTH} characters is truncated (user agents are
     * client-controlled, and a login should not fail on one).
     *
     * @param ip the IP address text, or {@code null}
     * @param userAgent the user agent, or {@code null}
     * @return the info
     * @throws IllegalArgumentException if the IP text is longer than {@value #MAX_IP_LENGTH} characters
     */
    public static ClientInfo of(String ip, String userAgent) {
        String ua = userAgent == null ? "" : userAgent;
        if (ua.length() > MAX_USER_AGENT_LENGTH) {
            int end = MAX_USER_AGENT_LENGTH;
            if (Character.isHighSurrogate(ua.charAt(end - 1))) {
                end--;
            }
            ua = ua.substring(0, end);
        }
        return new ClientInfo(ip == null ? "" : ip, ua);
    }

    /** @return client info with both fields empty */
    public static ClientInfo unknown() {
        return UNKNOWN;
    }
}
