/**
 * Redkit core: {@link dev.redkit.core.RedisConfig} and {@link dev.redkit.core.RedisConnector} to connect,
 * {@link dev.redkit.core.RedisOps} (the seam components run commands and scripts through),
 * {@link dev.redkit.core.KeySpace} for safe keys, {@link dev.redkit.core.LuaScript},
 * {@link dev.redkit.core.Codec}s, {@link dev.redkit.core.RedkitMetrics} and the
 * {@link dev.redkit.core.RedkitException} hierarchy.
 */
package dev.redkit.core;
