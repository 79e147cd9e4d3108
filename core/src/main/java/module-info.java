/**
 * Redkit core: configuration, the connection seam over Jedis, key spaces, Lua scripts, codecs and exceptions
 * in {@code dev.redkit.core}; the component-author SPI (checks, metrics, back-off, replies) in
 * {@code dev.redkit.core.spi}, exported to the Redkit modules only. The Jedis adapter is package-private.
 */
module dev.redkit.core {
    requires transitive micrometer.core;
    requires transitive tools.jackson.databind;
    requires transitive org.jspecify;
    requires redis.clients.jedis;
    requires org.slf4j;
    requires org.apache.commons.pool2;

    exports dev.redkit.core;
    exports dev.redkit.core.spi to
            dev.redkit.session,
            dev.redkit.otp,
            dev.redkit.ratelimit,
            dev.redkit.cache,
            dev.redkit.queue,
            dev.redkit.lock,
            dev.redkit.leaderboard,
            dev.redkit.analytics,
            dev.redkit.console,
            dev.redkit.embedded;
}
