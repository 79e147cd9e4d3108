package dev.redkit.analytics.internal;

import dev.redkit.analytics.Granularity;
import dev.redkit.core.KeySpace;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Every key of one analytics instance and the time buckets they stand for.
 *
 * <h2>Keys</h2>
 * <pre>
 *   prefix:analytics:name:{dim}:cm.metric:202611260215     counter, minute bucket (UTC start, yyyyMMddHHmm)
 *   prefix:analytics:name:{dim}:ch.metric:202611260200     counter, hour bucket (UTC start of the local hour)
 *   prefix:analytics:name:{dim}:cd.metric:20261126         counter, day bucket (local date)
 *   prefix:analytics:name:{dim}:u.metric:20261126          unique count of a local day (HLL or set)
 *   prefix:analytics:name:{dim}:x.metric:7-20261126        cached count of the 7 days ending that day
 *   prefix:analytics:name:{trending}:trend                 trending sorted set (log2 scores)
 *   prefix:analytics:{name}:ad:20261126                    active users of a local day
 *   prefix:analytics:{name}:am:202611260215                active users of a minute
 *   prefix:analytics:{name}:ax:30-20261126                 cached active users over 30 days
 *   prefix:analytics:name:{m.metric}:r.metric:20261126     admitted dimension values of a capped metric on a
 *                                                          local day (set; only with maxDimensionsPerMetric)
 * </pre>
 * {@code dim} is the encoded dimension: every key of one dimension shares its hash slot, so a series is
 * one {@code MGET}, a multi-day count one script, and a counter plus a unique count of the same
 * dimension one script call. Kinds come first in the suffix and contain no dot, so two metrics never
 * produce the same key.
 */
public final class Layout {

    private static final DateTimeFormatter MINUTE_LABEL =
            DateTimeFormatter.ofPattern("uuuuMMddHHmm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_LABEL = DateTimeFormatter.ofPattern("uuuuMMdd");

    private final KeySpace keys;
    private final ZoneId zone;

    /**
     * Creates the layout.
     *
     * @param keys the instance's key space
     * @param zone the zone of local days and hours
     */
    public Layout(KeySpace keys, ZoneId zone) {
        this.keys = keys;
        this.zone = zone;
    }

    KeySpace.Slot entity(String dimension) {
        return keys.slot(dimension);
    }

    KeySpace.Slot trendSlot(String name) {
        return keys.slot(name);
    }

    KeySpace.Slot activeSlot() {
        return keys.nameSlot();
    }

    String counter(KeySpace.Slot slot, String metric, Granularity g, ZonedDateTime start) {
        char code = g == Granularity.MINUTE ? 'm' : g == Granularity.HOUR ? 'h' : 'd';
        return slot.key("c" + code + '.' + metric, label(g, start));
    }

    String unique(KeySpace.Slot slot, String metric, LocalDate day) {
        return slot.key("u." + metric, DAY_LABEL.format(day));
    }

    String uniqueCache(KeySpace.Slot slot, String metric, int days, LocalDate lastDay) {
        return slot.key("x." + metric, days + "-" + DAY_LABEL.format(lastDay));
    }

    String dimensionRegistry(String metric, LocalDate day) {
        return keys.slot("m." + metric).key("r." + metric, DAY_LABEL.format(day));
    }

    String trend(KeySpace.Slot slot) {
        return slot.key("trend");
    }

    String activeDay(LocalDate day) {
        return activeSlot().key("ad", DAY_LABEL.format(day));
    }

    String activeMinute(ZonedDateTime minuteStart) {
        return activeSlot().key("am", MINUTE_LABEL.format(minuteStart));
    }

    String activeCache(int days, LocalDate lastDay) {
        return activeSlot().key("ax", days + "-" + DAY_LABEL.format(lastDay));
    }

    /** @return the zone of local days and hours */
    public ZoneId zone() {
        return zone;
    }

    /**
     * The start of the bucket containing an instant.
     *
     * @param g the bucket size
     * @param t the instant
     * @return the bucket's start in the configured zone
     */
    public ZonedDateTime start(Granularity g, Instant t) {
        ZonedDateTime z = t.atZone(zone);
        switch (g) {
            case MINUTE:
                return z.truncatedTo(ChronoUnit.MINUTES);
            case HOUR:
                return z.truncatedTo(ChronoUnit.HOURS);
            default:
                return z.toLocalDate().atStartOfDay(zone);
        }
    }

    /**
     * The start of the next bucket, which is the end of this one.
     *
     * @param g the bucket size
     * @param start a bucket start
     * @return the next bucket's start
     */
    public ZonedDateTime next(Granularity g, ZonedDateTime start) {
        if (g == Granularity.DAY) {
            return start.toLocalDate().plusDays(1).atStartOfDay(zone);
        }
        Instant plus = start.toInstant().plus(g.nominalLength());
        ZonedDateTime next = start(g, plus);
        return next.isAfter(start) ? next : plus.atZone(zone);
    }

    /**
     * The start of the bucket before this one.
     *
     * @param g the bucket size
     * @param start a bucket start
     * @return the previous bucket's start
     */
    public ZonedDateTime previous(Granularity g, ZonedDateTime start) {
        if (g == Granularity.DAY) {
            return start.toLocalDate().minusDays(1).atStartOfDay(zone);
        }
        return start(g, start.toInstant().minusMillis(1));
    }

    static String label(Granularity g, ZonedDateTime start) {
        return g == Granularity.DAY ? DAY_LABEL.format(start.toLocalDate()) : MINUTE_LABEL.format(start.toInstant());
    }

    /**
     * Milliseconds from now until a bucket's end plus a retention, at least 1.
     *
     * @param end the bucket's end
     * @param retention the retention
     * @param nowMillis now on the configured clock
     * @return the time to live
     */
    static long ttl(ZonedDateTime end, Duration retention, long nowMillis) {
        return Math.max(1, end.toInstant().toEpochMilli() + retention.toMillis() - nowMillis);
    }
}
