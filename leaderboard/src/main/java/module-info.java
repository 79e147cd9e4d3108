/**
 * Redkit Leaderboard: ranked boards on Redis sorted sets with tie policies, "around me", pages, member
 * data, and daily, weekly and monthly boards that expire and roll up. Only {@code dev.redkit.leaderboard}
 * is exported.
 */
module dev.redkit.leaderboard {
    requires transitive dev.redkit.core;

    exports dev.redkit.leaderboard;

    opens dev.redkit.leaderboard.internal to
            dev.redkit.core;
}
