package dev.redkit.embedded.junit;

import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Seeded generators of hostile input for property tests: any UTF-16 text (lone surrogates included),
 * key-breaking punctuation, huge strings. A fixed seed makes every run the same; tests print the case that
 * failed, so it can be replayed.
 * <!-- snippet: EmbeddedSnippets#randomInputs -->
 * <pre>{@code
 * RandomInputs in = new RandomInputs(42);
 * for (int i = 0; i < 100; i++) {
 *     String userId = in.oneOf(() -> in.anyText(40), () -> in.from(":* %", 0, 30), () -> in.pick("x", ""));
 *     check(userId);
 * }
 * }</pre>
 * Not thread-safe.
 */
public final class RandomInputs {

    private final Random random;

    /**
     * A generator.
     *
     * @param seed the seed
     */
    public RandomInputs(long seed) {
        this.random = new Random(seed);
    }

    /**
     * Any UTF-16 code units, unpaired surrogates and control characters included.
     *
     * @param maxLength the longest length
     * @return the text, possibly empty
     */
    public String anyText(int maxLength) {
        int n = random.nextInt(maxLength + 1);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append((char) random.nextInt(0x10000));
        }
        return sb.toString();
    }

    /**
     * Text from an alphabet.
     *
     * @param alphabet the characters to use
     * @param minLength the shortest length
     * @param maxLength the longest length
     * @return the text
     */
    public String from(String alphabet, int minLength, int maxLength) {
        int n = minLength + random.nextInt(maxLength - minLength + 1);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /**
     * ASCII letters.
     *
     * @param minLength the shortest length
     * @param maxLength the longest length
     * @return the text
     */
    public String letters(int minLength, int maxLength) {
        return from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", minLength, maxLength);
    }

    /**
     * Decimal digits.
     *
     * @param minLength the shortest length
     * @param maxLength the longest length
     * @return the digits
     */
    public String digits(int minLength, int maxLength) {
        return from("0123456789", minLength, maxLength);
    }

    /**
     * One of the given values.
     *
     * @param values the values
     * @param <T> the type
     * @return a value
     */
    @SafeVarargs
    public final <T> T pick(T... values) {
        return values[random.nextInt(values.length)];
    }

    /**
     * The value of one of the given generators, chosen with equal weight.
     *
     * @param generators the generators
     * @param <T> the type
     * @return a value
     */
    @SafeVarargs
    public final <T> T oneOf(Supplier<? extends T>... generators) {
        return generators[random.nextInt(generators.length)].get();
    }

    /**
     * The value of one generator, chosen by weight.
     *
     * @param weights one weight per generator
     * @param generators the generators
     * @param <T> the type
     * @return a value
     */
    public <T> T weighted(List<Integer> weights, List<Supplier<? extends T>> generators) {
        int total = weights.stream().mapToInt(Integer::intValue).sum();
        int r = random.nextInt(total);
        for (int i = 0; i < weights.size(); i++) {
            r -= weights.get(i);
            if (r < 0) {
                return generators.get(i).get();
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /**
     * A number in a range.
     *
     * @param bound exclusive upper bound
     * @return a number from 0
     */
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }
}
