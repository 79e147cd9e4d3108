package dev.redkit.spring.boot.autoconfigure;

import dev.redkit.core.Codec;
import dev.redkit.core.RedisConnector;
import dev.redkit.queue.ReliableQueue;
import dev.redkit.queue.ReliableQueueBuilder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The application's queues, one instance per name, configured under {@code redkit.queue.<name>.*}; jobs are
 * JSON through the application's Jackson {@code JsonMapper}.
 * <!-- snippet: SpringSnippets#redkitQueues -->
 * <pre>{@code
 * ReliableQueue<OrderEmail> emails = queues.queue("order-emails", OrderEmail.class);
 * emails.enqueue(new OrderEmail(orderId, address));
 * }</pre>
 * Thread-safe.
 */
public final class RedkitQueues {

    private record Entry(Class<?> type, ReliableQueue<?> queue) {}

    private final RedisConnector connector;
    private final Map<String, RedkitProperties.Queue> settings;
    private final Function<Class<?>, Codec<?>> codecs;
    private final Map<String, Entry> queues = new ConcurrentHashMap<>();

    RedkitQueues(
            RedisConnector connector,
            Map<String, RedkitProperties.Queue> settings,
            Function<Class<?>, Codec<?>> codecs) {
        this.connector = connector;
        this.settings = settings;
        this.codecs = codecs;
    }

    /**
     * The queue of a name, built on first use.
     *
     * @param name the queue name, an identifier
     * @param type the job class; every call for one name must pass the same class
     * @param <T> the job type
     * @return the queue, the same instance for every call with this name
     * @throws IllegalArgumentException if the name is not an identifier, or the queue was first asked for with
     *     another type
     */
    @SuppressWarnings("unchecked")
    public <T> ReliableQueue<T> queue(String name, Class<T> type) {
        Entry e = queues.computeIfAbsent(name, n -> new Entry(type, build(n, type)));
        if (!e.type().equals(type)) {
            throw new IllegalArgumentException(
                    "queue '" + name + "' holds " + e.type().getName() + ", not " + type.getName());
        }
        return (ReliableQueue<T>) e.queue();
    }

    @SuppressWarnings("unchecked")
    private <T> ReliableQueue<T> build(String name, Class<T> type) {
        ReliableQueueBuilder<T> b = ReliableQueue.builder(connector, name, (Codec<T>) codecs.apply(type));
        RedkitProperties.Queue p = settings(name);
        if (p.getVisibilityTimeout() != null) {
            b.visibilityTimeout(p.getVisibilityTimeout());
        }
        if (p.getMaxAttempts() != null) {
            b.maxAttempts(p.getMaxAttempts());
        }
        if (p.getPollInterval() != null) {
            b.pollInterval(p.getPollInterval());
        }
        return b.build();
    }

    /** @return the queues built so far, for the operations console */
    java.util.List<ReliableQueue<?>> all() {
        return queues.values().stream().<ReliableQueue<?>>map(Entry::queue).toList();
    }

    RedkitProperties.Queue settings(String name) {
        return settings.getOrDefault(name, new RedkitProperties.Queue());
    }
}
