package dev.redkit.analytics;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The results of one {@link Analytics#snapshot(DashboardQuery)}, by label.
 *
 * @param takenAt the configured clock's time when the snapshot was taken
 * @param values the numeric results (counts), by label
 * @param tops the trending results, by label
 */
public record Dashboard(Instant takenAt, Map<String, Long> values, Map<String, List<TrendingEntry>> tops) {

    /**
     * Copies the maps.
     *
     * @param takenAt when the snapshot was taken
     * @param values the numeric results
     * @param tops the trending results
     */
    public Dashboard {
        values = Map.copyOf(values);
        tops = Map.copyOf(tops);
    }

    /**
     * A numeric result.
     *
     * @param label the label given in the query
     * @return the count
     * @throws IllegalArgumentException if the query had no numeric read with this label
     */
    public long value(String label) {
        Long v = values.get(label);
        if (v == null) {
            throw new IllegalArgumentException("no numeric read labelled '" + label + "'");
        }
        return v;
    }

    /**
     * A trending result.
     *
     * @param label the label given in the query
     * @return the entries, highest first
     * @throws IllegalArgumentException if the query had no top read with this label
     */
    public List<TrendingEntry> top(String label) {
        List<TrendingEntry> t = tops.get(label);
        if (t == null) {
            throw new IllegalArgumentException("no top read labelled '" + label + "'");
        }
        return t;
    }
}
