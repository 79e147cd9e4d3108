package dev.redkit.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JedisSupportTest {

    @Test
    void aJedisWithoutTheNewClientsIsRefusedWithOneLineNamingVersionRangeAndFix() {
        String problem = JedisSupport.problem("7.0.0", false);

        assertThat(problem)
                .doesNotContain("\n")
                .contains("found Jedis 7.0.0")
                .contains("Jedis 7.4.1 or later (7.4.1 to 8.x)")
                .contains("<jedis.version>" + JedisSupport.RECOMMENDED + "</jedis.version>")
                .contains("implementation(\"redis.clients:jedis:" + JedisSupport.RECOMMENDED + "\")")
                .contains("ext['jedis.version'] = '" + JedisSupport.RECOMMENDED + "'");
    }

    @Test
    void versionsBelowTheMinimumAreRefusedEvenWithTheClients() {
        assertThat(JedisSupport.problem("7.3.0", true)).contains("found Jedis 7.3.0");
        assertThat(JedisSupport.problem("7.4.0", true)).contains("found Jedis 7.4.0");
        assertThat(JedisSupport.problem("6.2.0", true)).contains("found Jedis 6.2.0");
    }

    @Test
    void supportedVersionsPass() {
        assertThat(JedisSupport.problem("7.4.1", true)).isNull();
        assertThat(JedisSupport.problem("7.5.2", true)).isNull();
        assertThat(JedisSupport.problem("8.0.2", true)).isNull();
        assertThat(JedisSupport.problem("8.1.0-SNAPSHOT", true)).isNull();
        assertThat(JedisSupport.problem("unknown", true))
                .as("a repackaged Jedis with the clients")
                .isNull();
        assertThat(JedisSupport.problem("unknown", false)).contains("found Jedis unknown");
    }

    @Test
    void parsesReleaseAndQualifiedVersions() {
        assertThat(JedisSupport.parse("7.4.1")).containsExactly(7, 4, 1);
        assertThat(JedisSupport.parse("8.0.0-beta1")).containsExactly(8, 0, 0);
        assertThat(JedisSupport.parse("8.1")).containsExactly(8, 1, 0);
        assertThat(JedisSupport.parse("unknown")).isNull();
    }

    @Test
    void theBuildsJedisIsReadFromItsJarAndSupported() {
        assertThat(RedisConnector.requireSupportedJedis())
                .isEqualTo(JedisSupport.version())
                .matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(JedisSupport.problem(JedisSupport.version(), true)).isNull();
    }
}
