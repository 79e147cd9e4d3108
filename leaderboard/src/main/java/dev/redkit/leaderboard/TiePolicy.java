package dev.redkit.leaderboard;

/**
 * How members with equal scores are ranked. Ranks are always 1-based. With scores 90, 80, 80, 70 (highest
 * first) the four policies give:
 * <pre>
 *   LEXICAL         1, 2, 3, 4   equal scores in Redis member order (byte-wise; reversed when descending)
 *   COMPETITION     1, 2, 2, 4   1 + the number of members with a strictly better score
 *   DENSE           1, 2, 2, 3   1 + the number of distinct strictly better scores
 *   EARLIEST_FIRST  1, 2, 3, 4   equal scores ranked by who reached that score first
 * </pre>
 * Entries are listed in the same order under every policy except {@link #EARLIEST_FIRST}, which lists
 * equal scores in the order they were reached.
 */
public enum TiePolicy {

    /**
     * Redis' own order: equal scores are ranked by member bytes (ascending boards) or reversed member bytes
     * (descending boards), so every member has a distinct rank. No extra memory.
     */
    LEXICAL,

    /**
     * Standard competition ranking ("1224"): equal scores share a rank and the next distinct score skips
     * as many ranks as there were ties. Computed with {@code ZCOUNT} in the same script; no extra memory.
     */
    COMPETITION,

    /**
     * Dense ranking ("1223"): equal scores share a rank and the next distinct score takes the next rank.
     * Each board keeps a companion sorted set of its distinct scores, maintained atomically by every write.
     */
    DENSE,

    /**
     * Equal scores are ranked by the moment each member reached its current score, earliest first; every
     * member has a distinct rank. "Moment" is the order in which Redis executed the writes (a per-board-name
     * counter incremented inside the write script), so it is exact, needs no clock and costs no score
     * precision: scores keep the full {@code double} range. The cost is memory: each board keeps a second,
     * byte-ordered sorted set and a hash of members (roughly three times the memory of {@link #LEXICAL}).
     * A write that leaves a member's score unchanged keeps its place. Roll-ups, which sum several boards,
     * have no such moment and rank equal totals as {@link #COMPETITION}.
     */
    EARLIEST_FIRST
}
