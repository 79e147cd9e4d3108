package dev.redkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redkit.core.spi.Replies;
import dev.redkit.embedded.EmbeddedRedis;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** Redkit works as a least-privilege ACL user confined to its key prefix; anything outside fails with NOPERM. */
class AclIT {

    /** The rule documented in the README: keys and channels under the prefix, no dangerous commands. */
    static String leastPrivilegeRule(String prefix, String password) {
        return "on >" + password + " ~" + prefix + ":* &" + prefix + ":* "
                + "+@read +@write +@scripting +@pubsub +@connection +@transaction +info -@dangerous +info +cluster|slots +cluster|shards";
    }

    @Test
    void leastPrivilegeUserCanUseItsPrefixOnly() {
        try (EmbeddedRedis server = EmbeddedRedis.start()) {
            try (Jedis admin = server.client(2000)) {
                admin.aclSetUser(
                        "shop", leastPrivilegeRule("shop", "s3cret-pass").split(" "));
            }
            RedisConfig config =
                    RedisConfig.fromUrl("redis://shop:s3cret-pass@127.0.0.1:" + server.port() + "?keyPrefix=shop");
            try (RedisConnector redis = RedisConnector.create(config)) {
                KeySpace.Slot slot = redis.keySpace("test", "acl").slot("u1");
                LuaScript incr =
                        LuaScript.of("incr2.lua", "return {redis.call('INCR', KEYS[1]), redis.call('INCR', KEYS[2])}");
                assertThat(Replies.asList(
                                redis.ops().execute(incr.call(List.of(slot.key("a"), slot.key("b")), List.of()))))
                        .containsExactly(1L, 1L);
                assertThat(redis.health().up()).isTrue();

                assertThatThrownBy(() -> redis.ops()
                                .execute(RedisCommand.builder("SET")
                                        .key("other:key")
                                        .arg("x")
                                        .build()))
                        .isInstanceOf(RedisCommandException.class)
                        .hasMessageContaining("NOPERM");
                assertThatThrownBy(() -> redis.ops().execute(incr.call(List.of("other:a", "other:b"), List.of())))
                        .isInstanceOf(RedisCommandException.class)
                        .hasMessageContaining("NOPERM");
                assertThatThrownBy(() -> redis.ops()
                                .execute(RedisCommand.builder("FLUSHALL").build()))
                        .isInstanceOf(RedisCommandException.class)
                        .hasMessageContaining("NOPERM");
            }
            RedisConfig wrong = RedisConfig.fromUrl("redis://shop:wrong-pass@127.0.0.1:" + server.port());
            try (RedisConnector redis = RedisConnector.create(wrong)) {
                assertThatThrownBy(redis::ping)
                        .isInstanceOf(RedkitException.class)
                        .hasMessageNotContaining("wrong-pass");
            }
        }
    }
}
