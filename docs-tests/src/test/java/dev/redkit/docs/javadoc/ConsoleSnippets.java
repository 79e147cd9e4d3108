package dev.redkit.docs.javadoc;

import dev.redkit.console.ConsoleAuthenticator;
import dev.redkit.console.ConsoleRequest;
import dev.redkit.console.ConsoleServer;
import dev.redkit.console.RedkitConsole;
import dev.redkit.core.RedisConnector;
import dev.redkit.lock.RedisLock;
import dev.redkit.queue.ReliableQueue;
import dev.redkit.ratelimit.RateLimiter;
import dev.redkit.session.SessionStore;
import java.util.Optional;

/** The Javadoc examples of the Console module, compiled; see {@code JavadocExamples}. */
class ConsoleSnippets {

    // console/src/main/java/dev/redkit/console/ConsoleAuthenticator.java
    void consoleAuthenticator() {
        // region consoleAuthenticator
        ConsoleAuthenticator hostAuth = request -> currentAdmin(request).map(Admin::email);
        // endregion
    }

    // console/src/main/java/dev/redkit/console/ConsoleServer.java
    void consoleServer(RedkitConsole console) {
        // region consoleServer
        try (ConsoleServer server = ConsoleServer.start(console, 9090)) {
            System.out.println("console at http://127.0.0.1:" + server.port() + "/");
        }
        // endregion
    }

    // console/src/main/java/dev/redkit/console/RedkitConsole.java
    void redkitConsole(
            RedisConnector connector,
            ReliableQueue<?> emails,
            RedisLock locks,
            RateLimiter loginLimiter,
            SessionStore sessions) {
        // region redkitConsole
        RedkitConsole console = RedkitConsole.builder(connector)
                .authenticator(ConsoleAuthenticator.token(System.getenv("CONSOLE_TOKEN")))
                .queue(emails)
                .lock(locks)
                .rateLimiter(loginLimiter)
                .sessions("web", sessions)
                .build();
        ConsoleServer server = ConsoleServer.start(console, 9090); // http://127.0.0.1:9090/
        // endregion
    }

    /** The host application's signed-in administrator. */
    record Admin(String email) {}

    private static Optional<Admin> currentAdmin(ConsoleRequest request) {
        return Optional.empty();
    }
}
