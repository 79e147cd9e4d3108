/**
 * Redkit core: configuration, the connection seam over Jedis, key spaces, Lua scripts, codecs,
 * metrics and exceptions. Only {@code dev.redkit.core} is exported; the Jedis adapter is package-private.
 */
module dev.redkit.core {
    requires transitive micrometer.core;
    requires transitive tools.jackson.databind;
    requires redis.clients.jedis;
    requires org.slf4j;
    requires org.apache.commons.pool2;

    exports dev.redkit.core;
}
