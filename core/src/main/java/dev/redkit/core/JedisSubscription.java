package dev.redkit.core;

import dev.redkit.core.RedisOps.MessageListener;
import dev.redkit.core.spi.Checks;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.UnifiedJedis;

/** One subscription: a daemon thread that (re)subscribes until closed. */
final class JedisSubscription implements RedisOps.Subscription {

    private static final Logger LOG = LoggerFactory.getLogger(JedisSubscription.class);

    private final UnifiedJedis jedis;
    private final CallGate gate;
    private final String channel;
    private final MessageListener listener;
    private final Thread thread;
    private final BinaryJedisPubSub pubSub;
    private volatile boolean closed;
    private volatile boolean connected;

    JedisSubscription(UnifiedJedis jedis, CallGate gate, String channel, MessageListener listener) {
        this.jedis = jedis;
        this.gate = gate;
        this.channel = Checks.notNull(channel, "channel");
        this.listener = Checks.notNull(listener, "listener");
        this.pubSub = new BinaryJedisPubSub() {
            @Override
            public void onMessage(byte[] ch, byte[] message) {
                try {
                    listener.onMessage(channel, message);
                } catch (RuntimeException e) {
                    LOG.warn("pub/sub listener on {} threw", channel, e);
                }
            }

            @Override
            public void onSubscribe(byte[] ch, int count) {
                connected = true;
                try {
                    listener.onSubscribed();
                } catch (RuntimeException e) {
                    LOG.warn("pub/sub listener on {} threw on subscribe", channel, e);
                }
            }
        };
        this.thread = new Thread(this::run, "redkit-sub-" + channel);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        long backoff = 50;
        byte[] raw = channel.getBytes(StandardCharsets.UTF_8);
        while (!closed) {
            // subscribed, it holds a pooled connection, so it holds a turn at the gate too
            if (!gate.enterForSubscription()) {
                return;
            }
            try {
                jedis.subscribe(pubSub, raw);
                backoff = 50;
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.debug("subscription to {} lost: {}", channel, e.toString());
            } finally {
                gate.leave();
            }
            connected = false;
            if (closed) {
                return;
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
            backoff = Math.min(backoff * 2, 2000);
        }
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (pubSub.isSubscribed()) {
                pubSub.unsubscribe();
            }
        } catch (RuntimeException e) {
            LOG.debug("unsubscribe from {} failed: {}", channel, e.toString());
        }
        thread.interrupt();
    }
}
