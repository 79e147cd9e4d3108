/**
 * Leaderboards on Redis: start with {@link dev.redkit.leaderboard.Leaderboard#builder}. Every operation
 * is one script or command, so one round trip, whatever the page size.
 */
@NullMarked
package dev.redkit.leaderboard;

import org.jspecify.annotations.NullMarked;
