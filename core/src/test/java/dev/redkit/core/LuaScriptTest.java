package dev.redkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LuaScriptTest {

    @Test
    void computesSha1LikeScriptLoad() {
        LuaScript s = LuaScript.of("t.lua", "return 1");
        assertThat(s.sha1()).isEqualTo("e0e1f9fabfc9d4800c877a703b823ac0578ff8db");
    }

    @Test
    void aLibraryGoesInFrontOfTheScriptWhichKeepsItsName() {
        LuaScript library = LuaScript.of("lib.lua", "local function two() return 2 end");
        LuaScript s = LuaScript.of("t.lua", "return two()").withLibrary(library);
        assertThat(s.name()).isEqualTo("t.lua");
        assertThat(s.source()).isEqualTo("local function two() return 2 end\nreturn two()");
        assertThat(s.sha1()).isEqualTo(LuaScript.of("other.lua", s.source()).sha1());
        assertThatThrownBy(() -> s.withLibrary(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("library");
    }

    @Test
    void missingOrEmptyResourcesFail() {
        assertThatThrownBy(() -> LuaScript.fromResource(LuaScriptTest.class, "nope.lua"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope.lua");
        assertThatThrownBy(() -> LuaScript.of("x", " ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void callPutsKeysFirstAndMarksThem() {
        LuaScript s = LuaScript.of("t.lua", "return 1");
        RedisCommand c = s.call(List.of("k1", "k2"), List.of("a", 2, 1.5, true, new byte[] {7}));
        assertThat(c.keys()).containsExactly("k1", "k2");
        assertThat(c.args()).hasSize(7);
        assertThat(new String(c.args().get(4))).isEqualTo("1.5");
        assertThat(new String(c.args().get(3))).isEqualTo("2");
        assertThat(c.isKeyAt(1)).isTrue();
        assertThat(c.isKeyAt(2)).isFalse();
        assertThat(c.script()).isSameAs(s);
    }

    @Test
    void commandsEncodeNumbersLikeRedisExpects() {
        RedisCommand c = RedisCommand.builder("zadd")
                .key("k")
                .arg(150.0)
                .arg(0.1)
                .arg(Double.POSITIVE_INFINITY)
                .arg(7L)
                .build();
        assertThat(c.name()).isEqualTo("ZADD");
        assertThat(c.args()).extracting(String::new).containsExactly("k", "150", "0.1", "+inf", "7");
        assertThatThrownBy(() -> RedisCommand.builder("SET").arg(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RedisCommand.builder("SET").arg(new Object()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RedisCommand.builder("SCRIPT FLUSH")).isInstanceOf(IllegalArgumentException.class);
    }
}
