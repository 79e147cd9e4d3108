package dev.redkit.leaderboard;

import dev.redkit.core.Codec;
import dev.redkit.core.spi.Checks;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One member's place on a board, read in one round trip (see {@link LeaderboardView} for its consistency).
 *
 * @param rank the 1-based rank under the board's {@link TiePolicy}
 * @param member the member
 * @param score the score
 * @param data the member data stored with {@link Leaderboard#setData(String, String)}, if any
 */
public record Entry(long rank, String member, double score, Optional<String> data) {

    /**
     * Checks the components.
     *
     * @param rank the rank, at least 1
     * @param member the member, not null
     * @param score the score
     * @param data the member data, not null (use {@link Optional#empty()})
     */
    public Entry {
        if (rank < 1) {
            throw new IllegalArgumentException("rank must be at least 1, was " + rank);
        }
        Checks.notNull(member, "member");
        Checks.notNull(data, "data");
    }

    /**
     * The member data decoded with a codec, for data stored with
     * {@link Leaderboard#setData(String, Object, Codec)}.
     *
     * @param codec the codec the data was written with
     * @param <T> the data type
     * @return the decoded data, or empty if the member has none
     * @throws dev.redkit.core.CodecException if the stored data is not a valid encoding
     */
    public <T> Optional<T> data(Codec<T> codec) {
        Checks.notNull(codec, "codec");
        return data.map(d -> codec.decode(d.getBytes(StandardCharsets.UTF_8)));
    }
}
