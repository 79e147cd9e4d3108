/**
 * Redkit console: an embeddable operations console over the Redkit components (HTML pages and a JSON API),
 * runnable on the JDK's HTTP server or mounted in a host application. Only {@code dev.redkit.console} is
 * exported; the pages, the security checks and the sampler live in the internal package.
 */
module dev.redkit.console {
    requires transitive dev.redkit.core;
    requires transitive dev.redkit.session;
    requires transitive dev.redkit.ratelimit;
    requires transitive dev.redkit.queue;
    requires transitive dev.redkit.lock;
    requires transitive dev.redkit.leaderboard;
    requires transitive dev.redkit.analytics;
    requires transitive jdk.httpserver;
    requires org.slf4j;

    exports dev.redkit.console;
}
