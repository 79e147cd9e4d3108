package dev.redkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Regression tests for issue 23: no part of a URL's user-info may appear in an exception (message, cause chain), in
 * {@code toString()} or in a host name. The secret halves {@code Zq7Secret} and {@code Wx4Hidden} are long enough
 * that any leak of either half shows.
 */
class RedisUrlSecretsTest {

    private static final List<String> FRAGMENTS = List.of("Zq7Secret", "Wx4Hidden", "Zq7Se", "Wx4Hi");

    /** Passwords with an unencoded delimiter, and URLs whose {@code @} is missing: all must fail at parse time. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "redis://user:Zq7Secret/Wx4Hidden@cache.internal:6379",
                "redis://user:Zq7Secret?Wx4Hidden@cache.internal:6379",
                "redis://user:Zq7Secret#Wx4Hidden@cache.internal:6379",
                "redis://:Zq7Secret/Wx4Hidden@cache.internal",
                "redis://Zq7Secret/Wx4Hidden@cache.internal/0",
                "rediss+cluster://user:Zq7Secret?Wx4Hidden@a:7000,b:7001",
                "redis+sentinel://user:Zq7Secret/Wx4Hidden@s1:26379/mymaster",
                "redis://user:Zq7Secret/Wx4Hidden@cache.internal:6379?socketTimeout=2s",
                // the '@' before the host is missing: the password would become (part of) a host name
                "redis://:Zq7SecretWx4Hidden:6379",
                "redis://user:Zq7SecretWx4Hidden",
                "redis://user:Zq7SecretWx4Hidden.cache.internal:6379",
                "redis://user:Zq7Secret-Wx4Hidden:6379/0",
                "redis+cluster://user:Zq7SecretWx4Hidden,b:7001",
                "redis://Zq7Secret Wx4Hidden",
                "redis://user:Zq7Secret%zzWx4Hidden@cache.internal",
                "redis://user:Zq7Secret@Wx4Hidden@host:notaport",
            })
    void aMalformedUrlFailsWithoutRepeatingAnyPartOfTheUserInfo(String url) {
        Throwable thrown = catchThrowable(() -> RedisConfig.fromUrl(url));
        assertThat(thrown)
                .as(url)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid Redis URL");
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            for (String fragment : FRAGMENTS) {
                assertThat(t.getMessage()).as("%s: %s", url, t).doesNotContain(fragment);
                assertThat(t.toString()).doesNotContain(fragment);
            }
        }
    }

    @Test
    void theErrorSaysWhichPartIsWrongAndHowToEncodeIt() {
        assertThatThrownBy(() -> RedisConfig.fromUrl("redis://user:Zq7Secret/Wx4Hidden@cache.internal:6379"))
                .hasMessageContaining("%2F");
        assertThatThrownBy(() -> RedisConfig.fromUrl("redis://:Zq7SecretWx4Hidden:6379"))
                .hasMessageContaining("host 1")
                .hasMessageContaining("'@'");
        assertThatThrownBy(() -> RedisConfig.fromUrl("redis+cluster://a:7000,b:port"))
                .hasMessageContaining("port of host 2");
        assertThatThrownBy(() -> RedisConfig.fromUrl("redis://host?keyPrefix=Zq7Secret:x"))
                .hasMessageContaining("option keyPrefix")
                .hasMessageNotContaining("Zq7Secret");
    }

    /** Encoded delimiters, and an '@' inside the password before the last '@', parse to the right password and host. */
    @Test
    void encodedDelimitersAndAtSignsInThePasswordParse() {
        RedisConfig encoded = RedisConfig.fromUrl("redis://user:Zq7%2F%3F%23%40Wx4@cache.internal:6380/2");
        assertThat(encoded.password()).isEqualTo("Zq7/?#@Wx4");
        assertThat(encoded.endpoints()).containsExactly(new RedisEndpoint("cache.internal", 6380));
        assertThat(encoded.database()).isEqualTo(2);

        RedisConfig at = RedisConfig.fromUrl("redis://:Zq7Secret@Wx4Hidden@cache.internal:6379");
        assertThat(at.password()).isEqualTo("Zq7Secret@Wx4Hidden");
        assertThat(at.describeEndpoints()).isEqualTo("cache.internal:6379");
        assertThat(at.toString()).doesNotContain("Zq7Secret").doesNotContain("Wx4Hidden");
    }

    @Test
    void toStringShowsNeitherUserNameNorPassword() {
        RedisConfig c = RedisConfig.fromUrl("rediss://Zq7Secret:Wx4Hidden@cache.internal:6380");
        assertThat(c.username()).isEqualTo("Zq7Secret");
        assertThat(c.toString())
                .contains("username=****", "password=****")
                .doesNotContain("Zq7Secret")
                .doesNotContain("Wx4Hidden");
    }

    @Test
    void hostsMustBeHostNamesOrIpLiterals() {
        assertThat(RedisConfig.fromUrl("redis+cluster://10.0.0.1:7000,[fe80::1%eth0]:7001,redis-0.redis_svc.local.")
                        .describeEndpoints())
                .isEqualTo("10.0.0.1:7000,[fe80::1%eth0]:7001,redis-0.redis_svc.local.:6379");
        for (String bad : List.of(
                "redis://-host",
                "redis://ho..st",
                "redis://[nothex]:1",
                "redis://[::1",
                "redis://h:0",
                "redis://h:99999999999",
                "redis://h:",
                "redis+cluster://a:1,,b:2",
                "redis://host/0#frag")) {
            assertThatThrownBy(() -> RedisConfig.fromUrl(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
