/**
 * Implementation of {@code dev.redkit.leaderboard}: the Redis-backed boards, the period arithmetic and the
 * Lua scripts next to them. Not exported; may change without notice.
 */
@NullMarked
package dev.redkit.leaderboard.internal;

import org.jspecify.annotations.NullMarked;
