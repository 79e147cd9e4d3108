package dev.redkit.session.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.SecretHasher;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokensTest {

    private final Tokens tokens = new Tokens(SecretHasher.hmacSha256(new byte[32]));

    @Test
    void newTokensAreWellFormedUniqueAndCarryTheUserTag() {
        Set<String> seen = new HashSet<>();
        String tag = tokens.tagOf("user-42");
        for (int i = 0; i < 1000; i++) {
            String t = tokens.newToken(tag);
            assertThat(Tokens.isWellFormed(t)).isTrue();
            assertThat(Tokens.tagOfToken(t)).isEqualTo(tag);
            assertThat(Tokens.isWellFormedId(tokens.idOf(t))).isTrue();
            assertThat(seen.add(t)).isTrue();
        }
        assertThat(tokens.tagOf("user-42")).isEqualTo(tag).hasSize(2);
    }

    @Test
    void tagsSpreadOverManyValues() {
        Set<String> tags = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            tags.add(tokens.tagOf("user-" + i));
        }
        assertThat(tags.size()).isGreaterThan(3500).isLessThanOrEqualTo(4096);
    }
}
