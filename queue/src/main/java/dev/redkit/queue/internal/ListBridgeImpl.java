package dev.redkit.queue.internal;

import dev.redkit.core.KeySpace;
import dev.redkit.core.LuaScript;
import dev.redkit.core.RedisCommand;
import dev.redkit.core.spi.Replies;
import dev.redkit.queue.ListBridge;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The three-step list bridge described on {@link ListBridge}. In strict mode step 2 sends one enqueue (and its
 * {@code WAIT}) per item instead of one pipeline, so that each item is confirmed before step 3 removes it from
 * the staging list; an unconfirmed item ends the batch there, and the next batch enqueues the staged items
 * again under their ids.
 */
final class ListBridgeImpl<T> implements ListBridge {

    private static final Logger LOG = LoggerFactory.getLogger(ListBridgeImpl.class);

    static final LuaScript STAGE = LuaScript.fromResource(ListBridgeImpl.class, "bridge-stage.lua");
    static final LuaScript COMMIT = LuaScript.fromResource(ListBridgeImpl.class, "bridge-commit.lua");
    static final int BATCH = 100;
    /** Leaves room for the sequence number in the job ids {@code bridge-<source>-<seq>}. */
    static final int MAX_SOURCE_LENGTH = 400;

    private final QueueImpl<T> queue;
    private final String source;
    private final String staging;
    private final String stagingSeq;
    private final Object lifecycle = new Object();
    /** The bridge thread, null until {@link #start()}. */
    private @Nullable Thread thread;

    private volatile boolean closed;

    ListBridgeImpl(QueueImpl<T> queue, String source) {
        this.queue = queue;
        this.source = source;
        String tag = hashTag(source);
        if (source.length() > MAX_SOURCE_LENGTH) {
            throw new IllegalArgumentException(
                    "sourceList must be at most " + MAX_SOURCE_LENGTH + " characters, was " + source.length());
        }
        String base = '{' + tag + "}:" + queue.settings().connector().config().keyPrefix() + ":queue-bridge:"
                + queue.name() + ':' + KeySpace.encode(source, "sourceList");
        this.staging = base + ":staging";
        this.stagingSeq = base + ":seq";
    }

    /** The text Redis Cluster hashes for a key; rejects keys whose staging key could land elsewhere. */
    static String hashTag(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("sourceList must not be empty");
        }
        int open = key.indexOf('{');
        if (open >= 0) {
            int close = key.indexOf('}', open + 1);
            if (close == open + 1) {
                throw new IllegalArgumentException(
                        "sourceList must not contain an empty hash tag {}, was '" + key + "'");
            }
            if (close > open + 1) {
                return key.substring(open + 1, close);
            }
        }
        if (key.indexOf('}') >= 0 || open >= 0) {
            throw new IllegalArgumentException("sourceList has unbalanced braces, was '" + key + "'");
        }
        return key;
    }

    @Override
    public int drainOnce() {
        return drain(true);
    }

    /** One batch; {@code commit == false} stops before step 3, as a bridge that dies there would. */
    int drain(boolean commit) {
        List<Object> staged =
                Replies.asList(queue.ops().execute(STAGE.call(List.of(source, staging, stagingSeq), List.of(BATCH))));
        if (staged.isEmpty()) {
            return 0;
        }
        long now = queue.clock().millis();
        List<RedisCommand> enqueues = new ArrayList<>(staged.size());
        List<Object> items = new ArrayList<>(staged.size());
        for (Object o : staged) {
            byte[] item = Replies.asBlob(o);
            int colon = indexOf(item, (byte) ':');
            String seq = new String(item, 0, colon, java.nio.charset.StandardCharsets.US_ASCII);
            byte[] payload = java.util.Arrays.copyOfRange(item, colon + 1, item.length);
            enqueues.add(queue.enqueuer()
                    .enqueueCommand(
                            "bridge-" + source + "-" + seq,
                            false,
                            payload,
                            now,
                            now,
                            0,
                            queue.enqueuer().idempotencyWindowMillis()));
            items.add(item);
        }
        long created = 0;
        try {
            if (queue.strict()) {
                for (RedisCommand enqueue : enqueues) {
                    created += queue.enqueuer().enqueueConfirmed(enqueue);
                }
            } else {
                for (Object r : queue.ops().pipeline(enqueues)) {
                    created += Replies.asLong(r);
                }
            }
        } finally {
            if (created > 0) {
                queue.metrics().increment("enqueued", created);
                queue.metrics().increment("bridged", created);
            }
        }
        if (commit) {
            queue.ops().execute(COMMIT.call(List.of(staging), items));
        }
        return staged.size();
    }

    private static int indexOf(byte[] b, byte c) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        throw new IllegalStateException("staged item without sequence number");
    }

    @Override
    public ListBridge start() {
        synchronized (lifecycle) {
            if (closed || thread != null) {
                throw new IllegalStateException("bridge from " + source + " is already started or closed");
            }
            Thread t = new Thread(this::loop, "redkit-queue-" + queue.name() + "-bridge");
            t.setDaemon(true);
            thread = t;
            t.start();
        }
        return this;
    }

    private void loop() {
        long idle = queue.settings().pollInterval().toMillis();
        long backoff = 50;
        while (!closed) {
            try {
                int n = drainOnce();
                backoff = 50;
                if (n == 0) {
                    Thread.sleep(Math.min(idle, 500));
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.warn(
                        "queue {}: bridge from {} failed, retrying in {} ms: {}",
                        queue.name(),
                        source,
                        backoff,
                        e.toString());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(backoff * 2, 2000);
            }
        }
    }

    @Override
    public void close() {
        Thread t;
        synchronized (lifecycle) {
            closed = true;
            t = thread;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "ListBridge{" + source + " -> " + queue.name() + '}';
    }
}
