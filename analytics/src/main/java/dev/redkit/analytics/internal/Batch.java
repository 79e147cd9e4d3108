package dev.redkit.analytics.internal;

import dev.redkit.core.KeySpace;
import dev.redkit.core.LuaScript;
import dev.redkit.core.RedisCommand;
import dev.redkit.core.RedisOps;
import dev.redkit.core.spi.Replies;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Collects write operations for {@code track.lua} and sends them as one script call per hash slot group
 * (a single call when the topology has no slots), all in one pipeline. Large groups are split into
 * several calls of at most {@value #MAX_ARGS} arguments. Not thread-safe; one per operation.
 */
final class Batch {

    static final LuaScript TRACK = LuaScript.fromResource(Batch.class, "track.lua");
    static final int MAX_ARGS = 4_100;

    private final boolean slotted;
    private final List<Group> groups = new ArrayList<>(4);
    private final Map<KeySpace.Slot, Group> open = new HashMap<>();
    private @Nullable Group single;

    Batch(boolean slotted) {
        this.slotted = slotted;
    }

    /** A handle on one operation's result. */
    static final class Op {
        private final Group group;
        private final int index;

        private Op(Group group, int index) {
            this.group = group;
            this.index = index;
        }
    }

    private static final class Group {
        final List<String> keys = new ArrayList<>();
        final List<Object> args = new ArrayList<>();
        List<Object> results = List.of();
    }

    Op add(KeySpace.Slot slot, String key, Object... args) {
        Group g = slotted ? open.get(slot) : single;
        if (g == null || g.args.size() + args.length > MAX_ARGS) {
            g = new Group();
            groups.add(g);
            if (slotted) {
                open.put(slot, g);
            } else {
                single = g;
            }
        }
        g.keys.add(key);
        Collections.addAll(g.args, args);
        return new Op(g, g.keys.size() - 1);
    }

    int calls() {
        return groups.size();
    }

    void execute(RedisOps ops) {
        if (groups.isEmpty()) {
            return;
        }
        if (groups.size() == 1) {
            Group g = groups.get(0);
            g.results = Replies.asList(ops.execute(TRACK.call(g.keys, g.args)));
            return;
        }
        List<RedisCommand> commands = new ArrayList<>(groups.size());
        for (Group g : groups) {
            commands.add(TRACK.call(g.keys, g.args));
        }
        List<Object> replies = ops.pipeline(commands);
        for (int i = 0; i < groups.size(); i++) {
            groups.get(i).results = Replies.asList(replies.get(i));
        }
    }

    static long result(Op op) {
        return Replies.asLong(op.group.results.get(op.index));
    }
}
