package dev.redkit.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.RedisConnector;
import dev.redkit.core.spi.Replies;
import dev.redkit.embedded.junit.MutableClock;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

@RedisTest
class PeriodIT {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuuMMdd");

    private static String key(RedisTestContext ctx, String board, String suffix) {
        return ctx.keyPrefix() + ":leaderboard:{" + board + "}:" + suffix;
    }

    private static long pttl(RedisTestContext ctx, String key) {
        return Replies.asLong(ctx.raw(key, "PTTL", key));
    }

    @Test
    void periodBoardsExpireAfterTheirRetention(RedisConnector redis, RedisTestContext ctx) {
        MutableClock clock = new MutableClock(Instant.now());
        Leaderboard board = Leaderboard.builder(redis, "daily")
                .ties(TiePolicy.DENSE)
                .zone(BERLIN)
                .clock(clock)
                .period(Period.DAY, Duration.ofDays(2))
                .period(Period.WEEK, Duration.ofDays(14))
                .period(Period.MONTH, Duration.ofDays(40))
                .build();
        board.increment("a", 5);
        long now = System.currentTimeMillis();
        LocalDate today = LocalDate.ofInstant(clock.instant(), BERLIN);
        LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        long dayEnd = today.plusDays(1).atStartOfDay(BERLIN).toInstant().toEpochMilli();
        long weekEnd = monday.plusWeeks(1).atStartOfDay(BERLIN).toInstant().toEpochMilli();
        long monthEnd = today.withDayOfMonth(1)
                .plusMonths(1)
                .atStartOfDay(BERLIN)
                .toInstant()
                .toEpochMilli();
        String d = "scores.d" + DAY.format(today);
        assertThat(pttl(ctx, key(ctx, "daily", d)))
                .isBetween(
                        dayEnd + Duration.ofDays(2).toMillis() - now - 5000,
                        dayEnd + Duration.ofDays(2).toMillis() - now);
        assertThat(pttl(ctx, key(ctx, "daily", "distinct.d" + DAY.format(today))))
                .isPositive();
        assertThat(pttl(ctx, key(ctx, "daily", "scores.w" + DAY.format(monday))))
                .isBetween(
                        weekEnd + Duration.ofDays(14).toMillis() - now - 5000,
                        weekEnd + Duration.ofDays(14).toMillis() - now);
        assertThat(pttl(ctx, key(ctx, "daily", "scores.m" + DAY.format(today).substring(0, 6))))
                .isBetween(
                        monthEnd + Duration.ofDays(40).toMillis() - now - 5000,
                        monthEnd + Duration.ofDays(40).toMillis() - now);
        assertThat(pttl(ctx, key(ctx, "daily", "scores"))).isEqualTo(-1);
    }

    @Test
    void aBoardWhoseRetentionRunsOutDisappears(RedisConnector redis, RedisTestContext ctx) throws InterruptedException {
        long now = System.currentTimeMillis();
        Instant midnight = LocalDate.ofInstant(Instant.ofEpochMilli(now), BERLIN)
                .atStartOfDay(BERLIN)
                .toInstant();
        MutableClock clock = new MutableClock(midnight.minusMillis(1));
        Duration retention = Duration.ofMillis(now - midnight.toEpochMilli() + 400);
        Leaderboard board = Leaderboard.builder(redis, "short")
                .ties(TiePolicy.EARLIEST_FIRST)
                .zone(BERLIN)
                .clock(clock)
                .period(Period.DAY, retention)
                .build();
        board.increment("a", 1);
        LocalDate yesterday = LocalDate.ofInstant(clock.instant(), BERLIN);
        String day = key(ctx, "short", "scores.d" + DAY.format(yesterday));
        assertThat(pttl(ctx, day)).isBetween(1L, 400L);
        long deadline = System.currentTimeMillis() + 3000;
        while (pttl(ctx, day) != -2 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(pttl(ctx, day)).isEqualTo(-2);
        assertThat(board.period(Period.DAY, yesterday).size()).isZero();
        assertThat(board.entry("a")).isPresent();
    }

    @Test
    void rollupsEqualTheSumOfTheirDays(RedisConnector redis) {
        for (TiePolicy ties : List.of(TiePolicy.COMPETITION, TiePolicy.DENSE)) {
            MutableClock clock = new MutableClock(Instant.now());
            Leaderboard board = Leaderboard.builder(redis, "sums-" + ties.name().toLowerCase(java.util.Locale.ROOT))
                    .ties(ties)
                    .clock(clock)
                    .period(Period.DAY, Duration.ofDays(10))
                    .period(Period.MONTH, Duration.ofDays(1))
                    .rollupCacheTtl(Duration.ofMinutes(1))
                    .build();
            Random random = new Random(ties.ordinal());
            List<Map<String, Double>> days = new ArrayList<>();
            List<LocalDate> dates = new ArrayList<>();
            for (int day = 0; day < 10; day++) {
                Map<String, Double> sums = new HashMap<>();
                for (int i = 0; i < 40; i++) {
                    String m = "m" + random.nextInt(12);
                    double delta = random.nextInt(4);
                    board.increment(m, delta);
                    sums.merge(m, delta, Double::sum);
                }
                days.add(sums);
                dates.add(LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC));
                clock.advance(Duration.ofDays(1));
            }
            clock.advance(Duration.ofDays(-1));
            Model lastWeek = new Model(ties, Order.DESCENDING);
            for (Map<String, Double> sums : days.subList(3, 10)) {
                sums.forEach(lastWeek::increment);
            }
            LeaderboardView rollup = board.rollup(Period.DAY, 7);
            assertThat(rollup.top(100)).containsExactlyElementsOf(lastWeek.entries());
            assertThat(rollup.size()).isEqualTo(lastWeek.size());
            Model third = new Model(ties, Order.DESCENDING);
            days.get(2).forEach(third::increment);
            assertThat(board.period(Period.DAY, dates.get(2)).top(100)).containsExactlyElementsOf(third.entries());

            board.increment("m1", 1000);
            assertThat(board.rollup(Period.DAY, 7).top(100)).as("cached").containsExactlyElementsOf(lastWeek.entries());
            assertThat(board.period(Period.DAY).entry("m1").orElseThrow().rank())
                    .isEqualTo(1);
        }
    }

    @Test
    void rollupCacheExpires(RedisConnector redis) throws InterruptedException {
        Leaderboard board = Leaderboard.builder(redis, "fresh")
                .period(Period.WEEK, Duration.ofDays(7))
                .rollupCacheTtl(Duration.ofMillis(100))
                .build();
        board.increment("a", 1);
        assertThat(board.rollup(Period.WEEK, 2).entry("a").orElseThrow().score())
                .isEqualTo(1);
        board.increment("a", 1);
        long deadline = System.currentTimeMillis() + 3000;
        while (board.rollup(Period.WEEK, 2).entry("a").orElseThrow().score() != 2
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(board.rollup(Period.WEEK, 2).entry("a").orElseThrow().score())
                .isEqualTo(2);
    }

    @Test
    void removeClearsEveryRetainedPeriodBoard(RedisConnector redis, RedisTestContext ctx) {
        MutableClock clock = new MutableClock(Instant.now());
        Leaderboard board = Leaderboard.builder(redis, "gone")
                .ties(TiePolicy.EARLIEST_FIRST)
                .clock(clock)
                .period(Period.DAY, Duration.ofDays(3))
                .period(Period.WEEK, Duration.ofDays(21))
                .build();
        List<LocalDate> dates = new ArrayList<>();
        for (int day = 0; day < 3; day++) {
            board.increment("cheater", 100);
            board.increment("honest", 1);
            dates.add(LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC));
            clock.advance(Duration.ofDays(1));
        }
        board.setData("cheater", "C");
        assertThat(board.remove("cheater")).isTrue();
        assertThat(board.entry("cheater")).isEmpty();
        for (LocalDate date : dates) {
            assertThat(board.period(Period.DAY, date).entry("cheater")).isEmpty();
            assertThat(board.period(Period.DAY, date)
                            .entry("honest")
                            .orElseThrow()
                            .rank())
                    .isEqualTo(1);
            assertThat(board.period(Period.WEEK, date).entry("cheater")).isEmpty();
        }
        assertThat(ctx.keys()).noneMatch(k -> k.endsWith(":data"));
    }
}
