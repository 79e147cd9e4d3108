package dev.redkit.analytics;

import dev.redkit.analytics.internal.Names;
import dev.redkit.core.spi.Checks;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The reads an admin page needs, each under a label, for {@link Analytics#snapshot(DashboardQuery)},
 * which runs them all in one pipeline. Build one query and reuse it: it holds no time, "today" is
 * evaluated on each snapshot. Immutable and thread-safe once built.
 * <!-- snippet: AnalyticsSnippets#dashboardQuery -->
 * <pre>{@code
 * DashboardQuery query = DashboardQuery.builder()
 *         .today("clicksToday", "clicks", "all")
 *         .activeNow("online")
 *         .top("trending", "offers", 10)
 *         .build();
 * }</pre>
 */
public final class DashboardQuery {

    /** The most reads one query may hold. */
    public static final int MAX_READS = 256;

    private final List<Read> reads;

    private DashboardQuery(List<Read> reads) {
        this.reads = List.copyOf(reads);
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the reads, in the order they were added */
    public List<Read> reads() {
        return reads;
    }

    @Override
    public String toString() {
        return "DashboardQuery" + reads;
    }

    /** What a read counts. */
    public enum Kind {
        /** {@link Counters#today}. */
        COUNTER_TODAY,
        /** {@link Counters#last24Hours} summed. */
        COUNTER_LAST_24_HOURS,
        /** {@link UniqueCounts#today}. */
        UNIQUE_TODAY,
        /** {@link UniqueCounts#lastDays}. */
        UNIQUE_LAST_DAYS,
        /** {@link ActiveUsers#daily()}. */
        DAILY_ACTIVE,
        /** {@link ActiveUsers#weekly()}. */
        WEEKLY_ACTIVE,
        /** {@link ActiveUsers#monthly()}. */
        MONTHLY_ACTIVE,
        /** {@link ActiveUsers#now()}. */
        ACTIVE_NOW,
        /** {@link Trending#top(int)}. */
        TOP
    }

    /**
     * One read.
     *
     * @param label the label its result is found under
     * @param kind what it counts
     * @param name the metric or trending name, or {@code null} for active users
     * @param dimension the dimension, or {@code null}
     * @param n the number of days ({@link Kind#UNIQUE_LAST_DAYS}) or members ({@link Kind#TOP}), else 0
     */
    public record Read(
            String label,
            Kind kind,
            @Nullable String name,
            @Nullable String dimension,
            int n) {}

    /** Builds a {@link DashboardQuery}. Not thread-safe. */
    public static final class Builder {
        private final List<Read> reads = new ArrayList<>();
        private final Set<String> labels = new HashSet<>();

        private Builder() {}

        private Builder add(String label, Kind kind, @Nullable String name, @Nullable String dimension, int n) {
            Checks.notEmpty(label, "label", 200);
            if (!labels.add(label)) {
                throw new IllegalArgumentException("label '" + label + "' is used twice");
            }
            if (reads.size() >= MAX_READS) {
                throw new IllegalStateException("a query may hold at most " + MAX_READS + " reads");
            }
            reads.add(new Read(label, kind, name, dimension, n));
            return this;
        }

        /**
         * A counter's count of the current local day.
         *
         * @param label the result's label
         * @param metric the metric
         * @param dimension the dimension
         * @return this builder
         * @throws IllegalArgumentException naming the invalid parameter, or for a label used twice
         */
        public Builder today(String label, String metric, String dimension) {
            return add(label, Kind.COUNTER_TODAY, Names.name(metric, "metric"), Names.dimension(dimension), 0);
        }

        /**
         * A counter's sum over the current hour and the 23 before it.
         *
         * @param label the result's label
         * @param metric the metric
         * @param dimension the dimension
         * @return this builder
         * @throws IllegalArgumentException naming the invalid parameter, or for a label used twice
         */
        public Builder last24Hours(String label, String metric, String dimension) {
            return add(label, Kind.COUNTER_LAST_24_HOURS, Names.name(metric, "metric"), Names.dimension(dimension), 0);
        }

        /**
         * Distinct members of the current local day.
         *
         * @param label the result's label
         * @param metric the metric
         * @param dimension the dimension
         * @return this builder
         * @throws IllegalArgumentException naming the invalid parameter, or for a label used twice
         */
        public Builder uniqueToday(String label, String metric, String dimension) {
            return add(label, Kind.UNIQUE_TODAY, Names.name(metric, "metric"), Names.dimension(dimension), 0);
        }

        /**
         * Distinct members of the last {@code days} local days (cached briefly).
         *
         * @param label the result's label
         * @param metric the metric
         * @param dimension the dimension
         * @param days 1 up to the unique retention in days (checked when the snapshot runs)
         * @return this builder
         * @throws IllegalArgumentException naming the invalid parameter, or for a label used twice
         */
        public Builder uniqueLastDays(String label, String metric, String dimension, int days) {
            Checks.positive(days, "days");
            return add(label, Kind.UNIQUE_LAST_DAYS, Names.name(metric, "metric"), Names.dimension(dimension), days);
        }

        /**
         * Daily active users.
         *
         * @param label the result's label
         * @return this builder
         * @throws IllegalArgumentException for a label used twice
         */
        public Builder dailyActive(String label) {
            return add(label, Kind.DAILY_ACTIVE, null, null, 0);
        }

        /**
         * Weekly active users.
         *
         * @param label the result's label
         * @return this builder
         * @throws IllegalArgumentException for a label used twice
         */
        public Builder weeklyActive(String label) {
            return add(label, Kind.WEEKLY_ACTIVE, null, null, 0);
        }

        /**
         * Monthly active users.
         *
         * @param label the result's label
         * @return this builder
         * @throws IllegalArgumentException for a label used twice
         */
        public Builder monthlyActive(String label) {
            return add(label, Kind.MONTHLY_ACTIVE, null, null, 0);
        }

        /**
         * Users active now.
         *
         * @param label the result's label
         * @return this builder
         * @throws IllegalArgumentException for a label used twice
         */
        public Builder activeNow(String label) {
            return add(label, Kind.ACTIVE_NOW, null, null, 0);
        }

        /**
         * The top members of a trending set.
         *
         * @param label the result's label
         * @param trending the trending set's name
         * @param n how many, 1 to {@link AnalyticsConfig#MAX_TRENDING_MEMBERS}
         * @return this builder
         * @throws IllegalArgumentException naming the invalid parameter, or for a label used twice
         */
        public Builder top(String label, String trending, int n) {
            Checks.between(n, 1, AnalyticsConfig.MAX_TRENDING_MEMBERS, "n");
            return add(label, Kind.TOP, Names.name(trending, "trending"), null, n);
        }

        /**
         * Builds the query.
         *
         * @return the query
         * @throws IllegalStateException if it holds no read
         */
        public DashboardQuery build() {
            if (reads.isEmpty()) {
                throw new IllegalStateException("a dashboard query needs at least one read");
            }
            return new DashboardQuery(reads);
        }
    }
}
