package dev.redkit.examples.components;

import dev.redkit.leaderboard.Leaderboard;
import dev.redkit.leaderboard.Period;
import dev.redkit.leaderboard.TiePolicy;
import java.time.Duration;

/** A referral leaderboard: increments, top 3 with shared ranks, and "around me". */
public final class LeaderboardExample {

    private LeaderboardExample() {}

    /**
     * Runs the example.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        try (ExampleRedis redis = ExampleRedis.start()) {
            Leaderboard board = Leaderboard.builder(redis.connector(), "referrals")
                    .ties(TiePolicy.COMPETITION)
                    .period(Period.DAY, Duration.ofDays(8))
                    .build();
            String[] users = {"ann", "bob", "cem", "dee", "eli", "fay"};
            for (int i = 0; i < users.length; i++) {
                board.increment(users[i], 12 - i * 2 + (i == 2 ? 2 : 0));
                board.setData(users[i], users[i].toUpperCase());
            }
            System.out.println("top 3:");
            board.top(3)
                    .forEach(e ->
                            System.out.println("  #" + e.rank() + " " + e.data().orElse(e.member()) + " " + e.score()));
            System.out.println("around eli:");
            board.around("eli", 1)
                    .forEach(e -> System.out.println("  #" + e.rank() + " " + e.member() + " " + e.score()));
            System.out.println("today's board size: " + board.period(Period.DAY).size());
        }
    }
}
