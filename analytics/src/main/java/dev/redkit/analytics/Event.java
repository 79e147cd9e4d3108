package dev.redkit.analytics;

import dev.redkit.analytics.internal.Names;
import java.util.ArrayList;
import java.util.List;

/**
 * What one user action changes, for {@link Analytics#track(Event)}: counters, unique counts, trending
 * scores and active users, applied together in one round trip. Every value is validated when it is
 * added. Immutable and thread-safe once built.
 * <!-- snippet: AnalyticsSnippets#event -->
 * <pre>{@code
 * Event click = Event.builder()
 *         .count("clicks", offerId)
 *         .unique("viewers", offerId, userId)
 *         .trend("offers", offerId)
 *         .active(userId)
 *         .build();
 * }</pre>
 */
public final class Event {

    /** The most updates one event may carry. */
    public static final int MAX_UPDATES = 64;

    private final List<Update> updates;

    private Event(List<Update> updates) {
        this.updates = List.copyOf(updates);
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the updates, in the order they were added */
    public List<Update> updates() {
        return updates;
    }

    @Override
    public String toString() {
        return "Event" + updates;
    }

    /** One change an event makes. */
    public sealed interface Update permits Count, Unique, Trend, Active {}

    /**
     * Adds to a counter's minute, hour and day buckets.
     *
     * @param metric the metric
     * @param dimension the dimension
     * @param amount the positive amount
     */
    public record Count(String metric, String dimension, long amount) implements Update {}

    /**
     * Adds a member to today's unique count.
     *
     * @param metric the metric
     * @param dimension the dimension
     * @param member the member
     */
    public record Unique(String metric, String dimension, String member) implements Update {}

    /**
     * Adds weight to a trending member.
     *
     * @param name the trending set
     * @param member the member
     * @param weight the positive weight
     */
    public record Trend(String name, String member, double weight) implements Update {}

    /**
     * Marks a user active today and now.
     *
     * @param userId the user
     */
    public record Active(String userId) implements Update {}

    /** Builds an {@link Event}. Not thread-safe. */
    public static final class Builder {
        private final List<Update> updates = new ArrayList<>();

        private Builder() {}

        private Builder add(Update u) {
            if (updates.size() >= MAX_UPDATES) {
                throw new IllegalStateException("an event may carry at most " + MAX_UPDATES + " updates");
            }
            updates.add(u);
            return this;
        }

        /**
         * Counts one occurrence.
         *
         * @param metric 1-60 characters from {@code a-z 0-9 . _ -}
         * @param dimension any text of 1-512 characters
         * @return this builder
         * @throws IllegalArgumentException naming the invalid parameter
         */
        public Builder count(String metric, String dimension) {
            return count(metric, dimension, 1);
        }

        /**
         * Counts several occurrences.
         *
         * @param metric 1-60 characters from {@code a-z 0-9 . _ -}
         * @param dimension any text of 1-512 characters
         * @param amount positive
         * @return this builder
         * @throws IllegalArgumentException naming the invalid parameter
         */
        public Builder count(String metric, String dimension, long amount) {
            return add(new Count(Names.name(metric, "metric"), Names.dimension(dimension), Names.amount(amount)));
        }

        /**
         * Adds a member to today's distinct count of a metric and dimension.
         *
         * @param metric 1-60 characters from {@code a-z 0-9 . _ -}
         * @param dimension any text of 1-512 characters
         * @param member any text of 1-512 characters, for example a user id
         * @return this builder
         * @throws IllegalArgumentException naming the invalid parameter
         */
        public Builder unique(String metric, String dimension, String member) {
            return add(new Unique(
                    Names.name(metric, "metric"), Names.dimension(dimension), Names.member(member, "member")));
        }

        /**
         * Adds weight 1 to a trending member.
         *
         * @param name the trending set, 1-60 characters from {@code a-z 0-9 . _ -}
         * @param member any text of 1-512 characters
         * @return this builder
         * @throws IllegalArgumentException naming the invalid parameter
         */
        public Builder trend(String name, String member) {
            return trend(name, member, 1.0);
        }

        /**
         * Adds weight to a trending member.
         *
         * @param name the trending set, 1-60 characters from {@code a-z 0-9 . _ -}
         * @param member any text of 1-512 characters
         * @param weight finite and positive
         * @return this builder
         * @throws IllegalArgumentException naming the invalid parameter
         */
        public Builder trend(String name, String member, double weight) {
            return add(new Trend(Names.name(name, "name"), Names.member(member, "member"), Names.weight(weight)));
        }

        /**
         * Marks a user active (daily, weekly, monthly and current active users).
         *
         * @param userId any text of 1-512 characters
         * @return this builder
         * @throws IllegalArgumentException if the user id is null, empty or too long
         */
        public Builder active(String userId) {
            return add(new Active(Names.member(userId, "userId")));
        }

        /**
         * Builds the event.
         *
         * @return the event
         * @throws IllegalStateException if no update was added
         */
        public Event build() {
            if (updates.isEmpty()) {
                throw new IllegalStateException("an event needs at least one update");
            }
            return new Event(updates);
        }
    }
}
