package dev.redkit.leaderboard.internal;

import dev.redkit.leaderboard.Period;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;

/** Calendar arithmetic for period boards: where a period starts and ends, and its key id. */
final class Periods {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuuMMdd");
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("uuuuMM");

    private Periods() {}

    /** The first day of the period containing a date. */
    static LocalDate start(Period period, LocalDate date) {
        switch (period) {
            case DAY:
                return date;
            case WEEK:
                return date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            default:
                return date.withDayOfMonth(1);
        }
    }

    /** The first day of the period {@code n} periods after the one starting at {@code start} (n may be negative). */
    static LocalDate plus(Period period, LocalDate start, long n) {
        switch (period) {
            case DAY:
                return start.plusDays(n);
            case WEEK:
                return start.plusWeeks(n);
            default:
                return start.plusMonths(n);
        }
    }

    /** The instant a period ends (the next period's first midnight in the zone), in epoch milliseconds. */
    static long endMillis(Period period, LocalDate start, ZoneId zone) {
        return plus(period, start, 1).atStartOfDay(zone).toInstant().toEpochMilli();
    }

    /** The key id of the period starting at {@code start}: {@code d20261126}, {@code w20261123} (its Monday), {@code m202611}. */
    static String id(Period period, LocalDate start) {
        switch (period) {
            case DAY:
                return "d" + DAY.format(start);
            case WEEK:
                return "w" + DAY.format(start);
            default:
                return "m" + MONTH.format(start);
        }
    }
}
