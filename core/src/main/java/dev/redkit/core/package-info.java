/**
 * Redkit core: {@link dev.redkit.core.RedisConfig} and {@link dev.redkit.core.RedisConnector} to connect,
 * {@link dev.redkit.core.Codec}s for the values components store, {@link dev.redkit.core.ReplicaAck} for strict
 * modes and the {@link dev.redkit.core.RedkitException} hierarchy; {@link dev.redkit.core.RedisOps},
 * {@link dev.redkit.core.KeySpace} and {@link dev.redkit.core.LuaScript} are the connection seam the connector
 * hands out, for components and for an application's own commands. What only components need (argument checks,
 * metrics, the Redis back-off, reply conversion) is in {@code dev.redkit.core.spi}, exported to the Redkit
 * modules alone.
 */
@NullMarked
package dev.redkit.core;

import org.jspecify.annotations.NullMarked;
