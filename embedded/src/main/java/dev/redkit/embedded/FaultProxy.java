package dev.redkit.embedded;

import dev.redkit.core.RedisConfig;
import dev.redkit.core.RedisEndpoint;
import dev.redkit.core.spi.Checks;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small TCP proxy between a client and one server on loopback, for network faults that killing or
 * pausing the server cannot produce: added latency, a black hole (connections accepted, nothing
 * answered), connection resets and dropped replies (requests reach the server, answers never come back).
 * <!-- snippet: EmbeddedSnippets#faultProxy -->
 * <pre>{@code
 * try (EmbeddedRedis redis = EmbeddedRedis.start();
 *         FaultProxy proxy = FaultProxy.to(redis.endpoint())) {
 *     RedisConnector c = RedisConnector.create(proxy.config());
 *     proxy.latency(Duration.ofMillis(50));
 *     proxy.dropReplies(true);
 * }
 * }</pre>
 * Thread-safe; each connection uses two daemon threads.
 */
public final class FaultProxy implements AutoCloseable {

    private final RedisEndpoint target;
    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile long latencyMillis;
    private volatile boolean blackhole;
    private volatile boolean dropReplies;
    private volatile boolean closed;

    private FaultProxy(RedisEndpoint target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        this.acceptor = new Thread(this::acceptLoop, "redkit-fault-proxy-" + server.getLocalPort());
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    /**
     * Starts a proxy to a server.
     *
     * @param target the server
     * @return the running proxy, passing traffic unchanged
     */
    public static FaultProxy to(RedisEndpoint target) {
        try {
            return new FaultProxy(Checks.notNull(target, "target"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open proxy port", e);
        }
    }

    /** @return the proxy's own endpoint, for clients */
    public RedisEndpoint endpoint() {
        return new RedisEndpoint("127.0.0.1", server.getLocalPort());
    }

    /** @return a standalone configuration pointing at the proxy */
    public RedisConfig config() {
        return RedisConfig.builder()
                .standalone("127.0.0.1", server.getLocalPort())
                .build();
    }

    /**
     * Delays every chunk of bytes in both directions.
     *
     * @param latency the delay; zero for none
     * @throws IllegalArgumentException if null or negative
     */
    public void latency(Duration latency) {
        this.latencyMillis = Checks.notNegative(latency, "latency").toMillis();
    }

    /**
     * Swallows all traffic in both directions while on: connections stay open, nothing is answered.
     *
     * @param on true to black-hole
     */
    public void blackhole(boolean on) {
        this.blackhole = on;
    }

    /**
     * Forwards requests to the server but drops its replies while on.
     *
     * @param on true to drop replies
     */
    public void dropReplies(boolean on) {
        this.dropReplies = on;
    }

    /** Resets every open connection (RST), as a crashed middlebox would; new connections still work. */
    public void resetConnections() {
        for (Socket s : sockets) {
            try {
                s.setSoLinger(true, 0);
                s.close();
            } catch (IOException e) {
                // already gone
            }
        }
        sockets.clear();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(target.host(), target.port());
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream, false);
                pump(upstream, client, true);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean reply) {
        Thread t = new Thread(
                () -> {
                    byte[] buf = new byte[16 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int n;
                        while ((n = in.read(buf)) >= 0) {
                            long delay = latencyMillis;
                            if (delay > 0) {
                                Thread.sleep(delay);
                            }
                            if (blackhole || (reply && dropReplies)) {
                                continue;
                            }
                            out.write(buf, 0, n);
                            out.flush();
                        }
                    } catch (IOException e) {
                        // connection closed, reset or ended
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                    }
                },
                "redkit-fault-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private void closeQuietly(Socket s) {
        sockets.remove(s);
        try {
            s.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    /** Stops accepting and closes every connection. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // nothing to do
        }
        resetConnections();
    }

    @Override
    public String toString() {
        return "FaultProxy{" + endpoint() + " -> " + target + '}';
    }
}
