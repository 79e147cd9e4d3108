package dev.redkit.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves a {@link RedkitConsole} on the JDK's built-in HTTP server ({@code com.sun.net.httpserver}), on its own
 * port, bound to the loopback interface unless an address is given: reach it through an SSH tunnel or a reverse
 * proxy that terminates TLS. Handles requests on a small thread pool. Thread-safe.
 * <!-- snippet: ConsoleSnippets#consoleServer -->
 * <pre>{@code
 * try (ConsoleServer server = ConsoleServer.start(console, 9090)) {
 *     System.out.println("console at http://127.0.0.1:" + server.port() + "/");
 * }
 * }</pre>
 */
public final class ConsoleServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;

    private ConsoleServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts a server on the loopback interface.
     *
     * @param console the console
     * @param port the port, 0 for any free port
     * @return the running server
     * @throws IllegalArgumentException if the console is null or the port out of range
     * @throws UncheckedIOException if the port cannot be bound
     */
    public static ConsoleServer start(RedkitConsole console, int port) {
        return start(console, new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    /**
     * Starts a server on an address; binding anything but loopback exposes the console to that network, so keep
     * the authenticator strong and put TLS in front.
     *
     * @param console the console
     * @param address the address to bind
     * @return the running server
     * @throws IllegalArgumentException if an argument is null
     * @throws UncheckedIOException if the address cannot be bound
     */
    public static ConsoleServer start(RedkitConsole console, InetSocketAddress address) {
        if (console == null || address == null) {
            throw new IllegalArgumentException("console and address must not be null");
        }
        try {
            HttpServer server = HttpServer.create(address, 0);
            ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "redkit-console-http");
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(executor);
            server.createContext(
                    console.basePath().isEmpty() ? "/" : console.basePath(), exchange -> serve(console, exchange));
            server.start();
            return new ConsoleServer(server, executor);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the console to " + address, e);
        }
    }

    private static void serve(RedkitConsole console, HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> e :
                    exchange.getRequestHeaders().entrySet()) {
                if (!e.getValue().isEmpty()) {
                    headers.put(e.getKey(), e.getValue().get(0));
                }
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(ConsoleRequest.MAX_BODY_BYTES + 1);
            }
            ConsoleResponse response;
            if (body.length > ConsoleRequest.MAX_BODY_BYTES) {
                exchange.sendResponseHeaders(413, -1);
                return;
            }
            response = console.handle(new ConsoleRequest(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(),
                    headers,
                    body,
                    String.valueOf(exchange.getRemoteAddress())));
            response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            byte[] out = response.body();
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(response.status(), head || out.length == 0 ? -1 : out.length);
            if (!head && out.length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
        }
    }

    /** @return the bound port */
    public int port() {
        return server.getAddress().getPort();
    }

    /** @return the bound address */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Stops accepting requests and stops the server at once. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "ConsoleServer{" + server.getAddress() + '}';
    }
}
