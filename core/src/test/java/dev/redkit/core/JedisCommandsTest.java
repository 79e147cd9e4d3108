package dev.redkit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.args.Rawable;

/** What {@link JedisCommands} puts on the wire: the encodings it caches must send the same bytes as before. */
class JedisCommandsTest {

    private static final LuaScript SCRIPT = LuaScript.of("t.lua", "return 1");
    private final JedisCommands commands = new JedisCommands(false);

    @Test
    void evalshaSendsTheShaTheKeyCountTheKeysThenTheArguments() {
        RedisCommand call = SCRIPT.call(List.of("k1", "k2"), List.of("a", 7));
        assertThat(wire(commands.evalsha(call))).containsExactly("EVALSHA", SCRIPT.sha1(), "2", "k1", "k2", "a", "7");
        assertThat(wire(commands.eval(call))).containsExactly("EVAL", "return 1", "2", "k1", "k2", "a", "7");
    }

    @Test
    void keyCountsBeyondTheCachedOnesAreSentAsText() {
        List<String> keys = IntStream.range(0, 20).mapToObj(i -> "{t}" + i).toList();
        List<String> sent = wire(commands.evalsha(SCRIPT.call(keys, List.of())));
        assertThat(sent.get(2)).isEqualTo("20");
        assertThat(sent.subList(3, 23)).isEqualTo(keys);
        assertThat(wire(commands.evalsha(SCRIPT.call(List.of(), List.of("x")))))
                .containsExactly("EVALSHA", SCRIPT.sha1(), "0", "x");
    }

    @Test
    void plainCommandsKeepTheirArgumentOrder() {
        RedisCommand zadd =
                RedisCommand.builder("ZADD").key("board").arg(1.5).arg("m").build();
        assertThat(wire(commands.toCommandObject(zadd))).containsExactly("ZADD", "board", "1.5", "m");
    }

    @Test
    void theFirstKeyRoutesAnAcknowledgedWrite() {
        assertThat(JedisCommands.firstKey(SCRIPT.call(List.of("k1"), List.of("a"))))
                .isEqualTo(bytes("k1"));
        assertThat(JedisCommands.firstKey(SCRIPT.call(List.of(), List.of("a")))).isNull();
        RedisCommand set = RedisCommand.builder("SET").key("k").arg("v").build();
        assertThat(JedisCommands.firstKey(set)).isEqualTo(bytes("k"));
        assertThat(JedisCommands.firstKey(RedisCommand.of("PING"))).isNull();
    }

    @Test
    void argumentsCompareByContentLikeJedisOwn() {
        List<Rawable> a = arguments(commands.evalsha(SCRIPT.call(List.of("k"), List.of("v"))));
        List<Rawable> b = arguments(commands.evalsha(SCRIPT.call(List.of("k"), List.of("v"))));
        assertThat(a).isEqualTo(b);
        assertThat(a.hashCode()).isEqualTo(b.hashCode());
        assertThat(a).isNotEqualTo(arguments(commands.evalsha(SCRIPT.call(List.of("k"), List.of("w")))));
    }

    private static List<String> wire(CommandObject<Object> command) {
        List<String> out = new ArrayList<>();
        for (Rawable r : command.getArguments()) {
            out.add(new String(r.getRaw(), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static List<Rawable> arguments(CommandObject<Object> command) {
        List<Rawable> out = new ArrayList<>();
        command.getArguments().forEach(out::add);
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
