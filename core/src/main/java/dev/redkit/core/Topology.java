package dev.redkit.core;

/** How the Redis servers behind a {@link RedisConfig} are arranged. */
public enum Topology {
    /** One primary; the endpoint is the server itself. */
    STANDALONE,
    /** Redis Cluster; the endpoints are seed nodes, the full topology is discovered. */
    CLUSTER,
    /** A primary found through Redis Sentinel; the endpoints are sentinels. */
    SENTINEL
}
