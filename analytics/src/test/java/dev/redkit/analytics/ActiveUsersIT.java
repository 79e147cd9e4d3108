package dev.redkit.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.junit.MutableClock;
import dev.redkit.embedded.junit.RedisTest;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

@RedisTest
class ActiveUsersIT {

    @Test
    void countsDailyWeeklyAndMonthlyActiveUsersFromDays(RedisConnector redis) {
        MutableClock clock = MutableClock.at("2026-10-01T09:00:00Z");
        ActiveUsers active = Analytics.builder(redis, "shop")
                .clock(clock)
                .zone(ZoneId.of("Europe/Berlin"))
                .unionCacheTtl(Duration.ZERO)
                .build()
                .activeUsers();
        for (int day = 0; day < 40; day++) {
            active.seen("regular");
            active.seen("user-day-" + day);
            clock.advance(Duration.ofDays(1));
        }
        clock.advance(Duration.ofDays(-1));
        assertThat(active.daily()).isEqualTo(2);
        assertThat(active.weekly()).isEqualTo(8);
        assertThat(active.monthly()).isEqualTo(31);
        assertThat(active.daily(LocalDate.of(2026, 10, 1))).isEqualTo(2);
        assertThat(active.daily(LocalDate.of(2026, 9, 30))).isZero();
    }

    @Test
    void activeNowCountsUsersOfTheLastWindowMinutes(RedisConnector redis) {
        MutableClock clock = MutableClock.at("2026-11-26T10:00:10Z");
        ActiveUsers active = Analytics.builder(redis, "shop")
                .clock(clock)
                .activeWindow(Duration.ofMinutes(5))
                .build()
                .activeUsers();
        active.seen("u1");
        active.seen("u1");
        clock.advance(Duration.ofMinutes(3));
        active.seen("u2");
        assertThat(active.now()).isEqualTo(2);
        clock.advance(Duration.ofMinutes(3));
        active.seen("u3");
        active.seen("u2");
        assertThat(active.now()).as("u1 left the window").isEqualTo(2);
        clock.advance(Duration.ofMinutes(10));
        assertThat(active.now()).isZero();
        assertThat(active.daily()).isEqualTo(3);
    }
}
