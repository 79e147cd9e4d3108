package dev.redkit.docs.javadoc;

import dev.redkit.core.RedisConnector;
import dev.redkit.leaderboard.Entry;
import dev.redkit.leaderboard.Leaderboard;
import dev.redkit.leaderboard.Period;
import dev.redkit.leaderboard.TiePolicy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The Javadoc examples of the Leaderboard module, compiled; see {@code JavadocExamples}. */
class LeaderboardSnippets {

    // leaderboard/src/main/java/dev/redkit/leaderboard/Leaderboard.java
    void leaderboard(RedisConnector connector) {
        // region leaderboard
        Leaderboard referrals = Leaderboard.builder(connector, "referrals")
                .ties(TiePolicy.COMPETITION)
                .period(Period.DAY, Duration.ofDays(8))
                .build();
        referrals.increment("user-42", 150.0);
        List<Entry> top = referrals.top(10);
        Optional<Entry> me = referrals.entry("user-42");
        List<Entry> near = referrals.around("user-42", 2); // two above, two below
        List<Entry> week = referrals.rollup(Period.DAY, 7).top(10);
        // endregion
    }
}
