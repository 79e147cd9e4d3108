package dev.redkit.otp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class CodeGeneratorTest {

    private static final int DRAWS = 100_000;

    /** Chi-square critical value for p = 0.001 (Wilson-Hilferty approximation). */
    private static double critical(int degreesOfFreedom) {
        double k = degreesOfFreedom;
        double z = 3.090;
        double t = 1 - 2 / (9 * k) + z * Math.sqrt(2 / (9 * k));
        return k * t * t * t;
    }

    private static double chiSquare(long[] counts, long total) {
        double expected = (double) total / counts.length;
        double sum = 0;
        for (long c : counts) {
            sum += (c - expected) * (c - expected) / expected;
        }
        return sum;
    }

    @Test
    void sixDigitCodesAreUniformByPositionAndByValue() {
        CodeGenerator gen = new CodeGenerator(CodeGenerator.DIGITS, 6, new SplittableRandom(20261126L));
        long[][] byPosition = new long[6][10];
        long[] byValue = new long[1000];
        for (int n = 0; n < DRAWS; n++) {
            String code = gen.next();
            assertThat(code).hasSize(6);
            for (int i = 0; i < 6; i++) {
                byPosition[i][code.charAt(i) - '0']++;
            }
            byValue[Integer.parseInt(code) / 1000]++;
        }
        for (int i = 0; i < 6; i++) {
            assertThat(chiSquare(byPosition[i], DRAWS)).as("position %d", i).isLessThan(critical(9));
        }
        assertThat(chiSquare(byValue, DRAWS)).as("value buckets of 1000").isLessThan(critical(999));
    }

    @Test
    void tenDigitAndAlphanumericCodesAreUniformByPosition() {
        CodeGenerator digits = new CodeGenerator(CodeGenerator.DIGITS, 10, new SplittableRandom(7L));
        CodeGenerator alnum = new CodeGenerator(CodeGenerator.ALPHANUMERIC, 8, new SplittableRandom(11L));
        long[][] d = new long[10][10];
        long[][] a = new long[8][32];
        for (int n = 0; n < DRAWS; n++) {
            String c = digits.next();
            for (int i = 0; i < 10; i++) {
                d[i][c.charAt(i) - '0']++;
            }
            String x = alnum.next();
            for (int i = 0; i < 8; i++) {
                a[i][CodeGenerator.ALPHANUMERIC.indexOf(x.charAt(i))]++;
            }
        }
        for (int i = 0; i < 10; i++) {
            assertThat(chiSquare(d[i], DRAWS)).as("digit position %d", i).isLessThan(critical(9));
        }
        for (int i = 0; i < 8; i++) {
            assertThat(chiSquare(a[i], DRAWS)).as("alphanumeric position %d", i).isLessThan(critical(31));
        }
    }

    @Test
    void theProductionGeneratorIsUniformToo() {
        CodeGenerator gen = new CodeGenerator(CodeGenerator.DIGITS, 6, dev.redkit.core.SecretHasher.secureRandom());
        long[] first = new long[10];
        for (int n = 0; n < DRAWS; n++) {
            first[gen.next().charAt(0) - '0']++;
        }
        // p = 1e-6 for 9 degrees of freedom: a real SecureRandom fails this once in a million runs
        assertThat(chiSquare(first, DRAWS)).isLessThan(50.0);
    }

    @Test
    void outOfRangeDrawsAreRejectedNotFoldedByModulo() {
        // 10^6 needs 20 bits: the generator keeps the top 20 bits of each 64-bit draw
        long tooBig = 1_000_000L << 44; // top 20 bits = 1,000,000, out of range
        long max = 0xFFFFF_0000_0000_000L; // top 20 bits = 1,048,575, out of range
        long fine = 123_456L << 44;
        long[] draws = {tooBig, max, fine};
        RandomGenerator stub = new RandomGenerator() {
            int next;

            @Override
            public long nextLong() {
                return draws[next++];
            }
        };
        CodeGenerator gen = new CodeGenerator(CodeGenerator.DIGITS, 6, stub);
        assertThat(gen.next()).isEqualTo("123456");
        // a modulo mapping would have returned 000000 and 048575 for the first two draws
    }

    @Test
    void leadingZerosAreKept() {
        long[] draws = {7L << 44};
        RandomGenerator stub = () -> draws[0];
        assertThat(new CodeGenerator(CodeGenerator.DIGITS, 6, stub).next()).isEqualTo("000007");
        assertThat(new CodeGenerator(CodeGenerator.DIGITS, 6, stub).space()).isEqualTo(1_000_000L);
        assertThat(new CodeGenerator(CodeGenerator.ALPHANUMERIC, 10, stub).space())
                .isEqualTo(1L << 50);
    }

    @Test
    void submittedCodesAreNormalisedOrRejected() {
        CodeGenerator digits = new CodeGenerator(CodeGenerator.DIGITS, 6, new SplittableRandom(1));
        assertThat(digits.normalize("123 456")).isEqualTo("123456");
        assertThat(digits.normalize("123-456")).isEqualTo("123456");
        assertThat(digits.normalize("12345")).isNull();
        assertThat(digits.normalize("1234567")).isNull();
        assertThat(digits.normalize("12345a")).isNull();
        assertThat(digits.normalize("１２３４５６")).isNull();
        assertThat(digits.normalize("")).isNull();
        assertThat(digits.normalize("1".repeat(1000))).isNull();
        CodeGenerator alnum = new CodeGenerator(CodeGenerator.ALPHANUMERIC, 6, new SplittableRandom(1));
        assertThat(alnum.normalize("abc-def")).isEqualTo("ABCDEF");
        assertThat(alnum.normalize("ABCDE0")).isNull();
    }
}
