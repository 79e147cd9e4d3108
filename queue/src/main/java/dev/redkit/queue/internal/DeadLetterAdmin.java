package dev.redkit.queue.internal;

import dev.redkit.core.CodecException;
import dev.redkit.core.KeySpace;
import dev.redkit.core.LuaScript;
import dev.redkit.core.RedisOps;
import dev.redkit.core.spi.Checks;
import dev.redkit.core.spi.Replies;
import dev.redkit.queue.DeadLetter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The dead-letter management of a {@link QueueImpl}: listing, replay and purge, one script call per letter or
 * per batch of at most {@link #MANAGE_BATCH}. Thread-safe.
 */
final class DeadLetterAdmin<T> {

    static final LuaScript DEAD_LIST = LuaScript.fromResource(DeadLetterAdmin.class, "dead-list.lua");
    static final LuaScript DEAD_REPLAY = LuaScript.fromResource(DeadLetterAdmin.class, "dead-replay.lua");
    static final LuaScript DEAD_PURGE = LuaScript.fromResource(DeadLetterAdmin.class, "dead-purge.lua");

    private static final int MANAGE_BATCH = 1000;

    private final QueueSettings<T> s;
    private final RedisOps ops;
    private final QueueKeys k;

    DeadLetterAdmin(QueueSettings<T> settings, KeySpace.Slot slot) {
        this.s = settings;
        this.ops = settings.connector().ops();
        this.k = QueueKeys.of(slot);
    }

    List<DeadLetter<T>> deadLetters(int offset, int limit) {
        Checks.between(offset, 0, Integer.MAX_VALUE, "offset");
        Checks.between(limit, 1, MANAGE_BATCH, "limit");
        List<Object> r =
                Replies.asList(ops.execute(DEAD_LIST.call(List.of(k.dead()), List.of(k.jobPrefix(), offset, limit))));
        List<DeadLetter<T>> out = new ArrayList<>(r.size() / 6);
        for (int i = 0; i + 5 < r.size(); i += 6) {
            String id = Replies.asText(r.get(i));
            byte[] payload = Replies.asBlob(r.get(i + 1));
            Optional<T> job;
            try {
                job = Optional.of(s.codec().decode(payload));
            } catch (CodecException e) {
                job = Optional.empty();
            }
            out.add(new DeadLetter<>(
                    id,
                    job,
                    (int) parseLong(r.get(i + 2)),
                    Replies.asText(r.get(i + 3)),
                    Instant.ofEpochMilli(parseLong(r.get(i + 4))),
                    Instant.ofEpochMilli(parseLong(r.get(i + 5)))));
        }
        return out;
    }

    private static long parseLong(Object reply) {
        String text = Replies.asString(reply);
        return text == null || text.isEmpty() ? 0 : Long.parseLong(text);
    }

    boolean replayDeadLetter(String id) {
        String member = KeySpace.encode(id, "id");
        return Replies.asLong(ops.execute(DEAD_REPLAY.call(
                        List.of(k.dead(), k.ready(), k.seq(), k.wake()),
                        List.of(k.jobPrefix(), 1, QueueImpl.WAKE_CAP, member))))
                == 1;
    }

    long replayDeadLetters() {
        long total = 0;
        long n;
        do {
            n = Replies.asLong(ops.execute(DEAD_REPLAY.call(
                    List.of(k.dead(), k.ready(), k.seq(), k.wake()),
                    List.of(k.jobPrefix(), MANAGE_BATCH, QueueImpl.WAKE_CAP))));
            total += n;
        } while (n == MANAGE_BATCH);
        return total;
    }

    boolean purgeDeadLetter(String id) {
        String member = KeySpace.encode(id, "id");
        return Replies.asLong(ops.execute(DEAD_PURGE.call(List.of(k.dead()), List.of(k.jobPrefix(), 1, member)))) == 1;
    }

    long purgeDeadLetters() {
        long total = 0;
        long n;
        do {
            n = Replies.asLong(ops.execute(DEAD_PURGE.call(List.of(k.dead()), List.of(k.jobPrefix(), MANAGE_BATCH))));
            total += n;
        } while (n == MANAGE_BATCH);
        return total;
    }
}
