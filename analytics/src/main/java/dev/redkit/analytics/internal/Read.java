package dev.redkit.analytics.internal;

import dev.redkit.core.RedisCommand;
import java.util.function.Function;

/**
 * One read: a command and how to turn its reply into a value, so that the same read runs alone or
 * inside a dashboard pipeline.
 *
 * @param command the command
 * @param decode turns the reply into the value
 * @param <T> the value type
 */
record Read<T>(RedisCommand command, Function<Object, T> decode) {}
