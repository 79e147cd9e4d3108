/**
 * Implementation of the cache: the Redis-backed cache, its stored entry format, the near cache and the
 * Lua scripts. Not exported; may change without notice.
 */
@NullMarked
package dev.redkit.cache.internal;

import org.jspecify.annotations.NullMarked;
