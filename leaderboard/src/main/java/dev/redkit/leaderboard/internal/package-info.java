/**
 * Implementation of {@code dev.redkit.leaderboard}: the Redis-backed boards, the period arithmetic and the
 * Lua scripts next to them. Not exported; may change without notice.
 */
package dev.redkit.leaderboard.internal;
