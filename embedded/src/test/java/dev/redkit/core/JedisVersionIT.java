package dev.redkit.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Pins which Jedis each test run uses: the {@code jedis-lowest} runs of this module (see its pom) swap in the
 * oldest supported Jedis and must really run on it, and the code's minimum must be the version CI tests.
 */
class JedisVersionIT {

    @Test
    void runsOnTheJedisThisRunIsFor() {
        String expected = System.getProperty("redkit.expectedJedis");
        if (expected != null) {
            assertThat(JedisSupport.version()).isEqualTo(expected);
        }
        assertThat(JedisSupport.legacy()).isEqualTo(JedisSupport.version().startsWith("7."));
    }

    @Test
    void theMinimumInTheCodeIsTheVersionCiTests() {
        assertThat(System.getProperty("redkit.jedisLowest")).isEqualTo(JedisSupport.MINIMUM);
    }
}
