package dev.redkit.leaderboard.internal;

import dev.redkit.leaderboard.Order;
import dev.redkit.leaderboard.Period;
import dev.redkit.leaderboard.TiePolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The validated, immutable configuration of one leaderboard, as the public builder produced it.
 *
 * @param name the leaderboard name
 * @param ties the tie policy
 * @param order the order
 * @param clock the clock for periods
 * @param zone the zone for periods
 * @param periods the configured periods and their retention
 * @param rollupCacheTtl the roll-up cache lifetime
 * @param maxMemberLength the longest member
 */
public record LeaderboardSettings(
        String name,
        TiePolicy ties,
        Order order,
        Clock clock,
        ZoneId zone,
        Map<Period, Duration> periods,
        Duration rollupCacheTtl,
        int maxMemberLength) {

    /**
     * Copies the period map.
     *
     * @param name the leaderboard name
     * @param ties the tie policy
     * @param order the order
     * @param clock the clock for periods
     * @param zone the zone for periods
     * @param periods the configured periods and their retention
     * @param rollupCacheTtl the roll-up cache lifetime
     * @param maxMemberLength the longest member
     */
    public LeaderboardSettings {
        periods = periods.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(periods));
    }

    @Override
    public String toString() {
        return "name=" + name + ", ties=" + ties + ", order=" + order + ", zone=" + zone + ", periods=" + periods
                + ", rollupCacheTtl=" + rollupCacheTtl + ", maxMemberLength=" + maxMemberLength;
    }
}
