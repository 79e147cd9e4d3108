package dev.redkit.leaderboard;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A brute-force leaderboard: every rank computed from scratch by sorting, for comparison with Redis. */
final class Model {
    private final TiePolicy ties;
    private final Order order;
    private final Map<String, Double> scores = new HashMap<>();
    private final Map<String, Long> reached = new HashMap<>();
    private long seq;

    Model(TiePolicy ties, Order order) {
        this.ties = ties;
        this.order = order;
    }

    void set(String member, double value) {
        double score = value + 0.0;
        Double old = scores.put(member, score);
        if (old == null || old != score) {
            reached.put(member, ++seq);
        }
    }

    void increment(String member, double delta) {
        set(member, scores.getOrDefault(member, 0.0) + delta);
    }

    void setIfHigher(String member, double score) {
        Double old = scores.get(member);
        if (old == null || score > old) {
            set(member, score);
        }
    }

    void setIfLower(String member, double score) {
        Double old = scores.get(member);
        if (old == null || score < old) {
            set(member, score);
        }
    }

    void remove(String member) {
        scores.remove(member);
        reached.remove(member);
    }

    /** Every entry in board order with its rank. */
    List<Entry> entries() {
        Comparator<String> byScore = Comparator.comparingDouble(scores::get);
        if (order == Order.DESCENDING) {
            byScore = byScore.reversed();
        }
        Comparator<String> tieBreak;
        if (ties == TiePolicy.EARLIEST_FIRST) {
            tieBreak = Comparator.comparingLong(reached::get);
        } else {
            Comparator<String> bytes = (a, b) ->
                    Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
            tieBreak = order == Order.DESCENDING ? bytes.reversed() : bytes;
        }
        List<String> sorted = new ArrayList<>(scores.keySet());
        sorted.sort(byScore.thenComparing(tieBreak));
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            String m = sorted.get(i);
            double s = scores.get(m);
            long rank;
            switch (ties) {
                case COMPETITION:
                    rank = 1
                            + scores.values().stream().filter(o -> better(o, s)).count();
                    break;
                case DENSE:
                    rank = 1
                            + scores.values().stream()
                                    .filter(o -> better(o, s))
                                    .distinct()
                                    .count();
                    break;
                default:
                    rank = i + 1;
            }
            out.add(new Entry(rank, m, s, java.util.Optional.empty()));
        }
        return out;
    }

    private boolean better(double other, double mine) {
        return order == Order.DESCENDING ? other > mine : other < mine;
    }

    Double score(String member) {
        return scores.get(member);
    }

    int size() {
        return scores.size();
    }
}
