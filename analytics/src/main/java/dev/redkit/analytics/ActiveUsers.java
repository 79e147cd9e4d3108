package dev.redkit.analytics;

import java.time.LocalDate;

/**
 * Active users: one distinct count per local day (daily, weekly and monthly active users merge the
 * days) and one per minute (users active "now", over {@link AnalyticsConfig#activeWindow()}). Counts
 * follow {@link AnalyticsConfig#uniqueMode()} (HyperLogLog by default, standard error 0.81%). All keys
 * of one instance share one Cluster slot. Thread-safe; each method is one round trip.
 * <!-- snippet: AnalyticsSnippets#activeUsers -->
 * <pre>{@code
 * analytics.activeUsers().seen(userId);
 * long dau = analytics.activeUsers().daily();
 * long online = analytics.activeUsers().now();
 * }</pre>
 */
public interface ActiveUsers {

    /**
     * Marks a user active today and in the current minute; one script call.
     *
     * @param userId any text of 1-512 characters
     * @throws IllegalArgumentException if the user id is null, empty or too long
     */
    void seen(String userId);

    /** @return the distinct users active during the current local day */
    long daily();

    /**
     * The distinct users active on one local day.
     *
     * @param day the day in the configured zone
     * @return the count
     * @throws IllegalArgumentException if the day is null
     */
    long daily(LocalDate day);

    /** @return the distinct users of the current local day and the 6 before it (cached briefly) */
    long weekly();

    /** @return the distinct users of the current local day and the 29 before it (cached briefly) */
    long monthly();

    /**
     * The distinct users seen in the current minute and the minutes before it, {@code activeWindow}
     * minutes in all: a window between {@code activeWindow - 1} and {@code activeWindow} minutes long.
     *
     * @return the count
     */
    long now();
}
