package dev.redkit.analytics;

import java.time.Instant;
import java.util.List;

/**
 * The buckets of one counter over a range, oldest first, with zero for buckets that were never
 * incremented or have expired.
 *
 * @param metric the metric
 * @param dimension the dimension
 * @param granularity the bucket size
 * @param points one point per bucket, oldest first
 */
public record CounterSeries(String metric, String dimension, Granularity granularity, List<Point> points) {

    /**
     * Copies the points.
     *
     * @param metric the metric
     * @param dimension the dimension
     * @param granularity the bucket size
     * @param points one point per bucket
     */
    public CounterSeries {
        points = List.copyOf(points);
    }

    /** @return the sum of every bucket */
    public long total() {
        long sum = 0;
        for (Point p : points) {
            sum += p.value();
        }
        return sum;
    }

    /**
     * One bucket.
     *
     * @param start the first instant of the bucket
     * @param value the count in the bucket
     */
    public record Point(Instant start, long value) {}
}
