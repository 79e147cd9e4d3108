package dev.redkit.spring.boot.autoconfigure;

import dev.redkit.analytics.Analytics;
import dev.redkit.console.ConsoleAuthenticator;
import dev.redkit.console.RedkitConsole;
import dev.redkit.core.RedisConnector;
import dev.redkit.leaderboard.Leaderboard;
import dev.redkit.lock.RedisLock;
import dev.redkit.session.SessionStore;
import jakarta.servlet.http.HttpServlet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * Mounts the Redkit operations console ({@code redkit.console.enabled=true}) at {@code redkit.console.path}
 * (default {@code /redkit}) over the Redkit beans of the application: its session store, rate limiters, lock,
 * leaderboard, analytics and the queues created so far (every queue with a job handler). See
 * {@link RedkitConsoleProperties} for authentication.
 */
@AutoConfiguration(after = {RedkitAutoConfiguration.class, RedkitQueueAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({RedkitConsole.class, HttpServlet.class})
@ConditionalOnProperty("redkit.console.enabled")
@EnableConfigurationProperties(RedkitConsoleProperties.class)
public class RedkitConsoleAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(RedkitConsoleAutoConfiguration.class);

    /**
     * The console over the application's Redkit beans.
     *
     * @param connector the connector
     * @param properties the console's properties
     * @param workers the queue workers (built first, so their queues are registered)
     * @param queues the queues
     * @param limiters the rate limiters
     * @param sessions the session store
     * @param locks the lock
     * @param boards the leaderboards
     * @param analytics the analytics instances
     * @return the console
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public RedkitConsole redkitConsole(
            RedisConnector connector,
            RedkitConsoleProperties properties,
            ObjectProvider<RedkitWorkers> workers,
            ObjectProvider<RedkitQueues> queues,
            ObjectProvider<RedkitRateLimiters> limiters,
            ObjectProvider<SessionStore> sessions,
            ObjectProvider<RedisLock> locks,
            ObjectProvider<Leaderboard> boards,
            ObjectProvider<Analytics> analytics) {
        workers.ifAvailable(w -> {});
        ConsoleAuthenticator auth =
                properties.getToken() == null || properties.getToken().isBlank()
                        ? ConsoleAuthenticator.hostPrincipal()
                        : ConsoleAuthenticator.token(properties.getToken());
        if (properties.getToken() == null || properties.getToken().isBlank()) {
            LOG.info(
                    "Redkit console at {}: no redkit.console.token, so only requests whose servlet user has role {} get in",
                    properties.getPath(),
                    properties.getRole());
        }
        RedkitConsole.Builder b = RedkitConsole.builder(connector)
                .authenticator(auth)
                .basePath(properties.getPath())
                .readOnly(properties.isReadOnly())
                .sampleInterval(properties.getSampleInterval());
        queues.ifAvailable(q -> q.all().forEach(b::queue));
        limiters.ifAvailable(l -> l.all().values().forEach(b::rateLimiter));
        sessions.orderedStream().findFirst().ifPresent(s -> b.sessions("default", s));
        locks.orderedStream().forEach(b::lock);
        boards.orderedStream().forEach(b::leaderboard);
        analytics.orderedStream().forEach(b::analytics);
        return b.build();
    }

    /**
     * The servlet that serves the console at its path.
     *
     * @param console the console
     * @param properties the console's properties
     * @return the registration
     */
    @Bean
    @ConditionalOnMissingBean(name = "redkitConsoleServlet")
    public ServletRegistrationBean<HttpServlet> redkitConsoleServlet(
            RedkitConsole console, RedkitConsoleProperties properties) {
        String path = properties.getPath();
        ServletRegistrationBean<HttpServlet> registration = new ServletRegistrationBean<>(
                new RedkitConsoleServlet(console, properties.getRole()), path, path + "/*");
        registration.setName("redkitConsoleServlet");
        return registration;
    }
}
