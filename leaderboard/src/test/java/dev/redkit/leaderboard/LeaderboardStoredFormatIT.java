package dev.redkit.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.junit.MutableClock;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import dev.redkit.embedded.junit.StoredLayout;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Pins the stored format of a leaderboard (docs/COMPATIBILITY.md): old and new instances of a rolling deploy must
 * rank in the same sorted sets and find the same member data.
 */
@RedisTest
class LeaderboardStoredFormatIT {

    @Test
    void scoresPeriodBoardsAndMemberDataLiveInTheDocumentedKeys(RedisConnector redis, RedisTestContext ctx) {
        Leaderboard board = Leaderboard.builder(redis, "trips")
                .period(Period.DAY, Duration.ofDays(2))
                .clock(MutableClock.at("2030-06-15T10:00:00Z"))
                .build();
        board.increment("user-42", 3);
        board.setData("user-42", "{\"name\":\"Ann\"}");

        assertThat(StoredLayout.of(ctx))
                .containsExactly(
                        "leaderboard:{trips}:data hash [user-42] no-ttl",
                        "leaderboard:{trips}:scores zset no-ttl",
                        "leaderboard:{trips}:scores.d20300615 zset ttl");
    }
}
