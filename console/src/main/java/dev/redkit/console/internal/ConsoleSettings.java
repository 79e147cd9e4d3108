package dev.redkit.console.internal;

import dev.redkit.analytics.Analytics;
import dev.redkit.console.ConsoleAuthenticator;
import dev.redkit.core.RedisConnector;
import dev.redkit.leaderboard.Leaderboard;
import dev.redkit.lock.RedisLock;
import dev.redkit.queue.ReliableQueue;
import dev.redkit.ratelimit.RateLimiter;
import dev.redkit.session.SessionStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The validated settings of a console, from {@code RedkitConsole.Builder}; maps are keyed by instance name and
 * keep the registration order.
 *
 * @param connector the connector the components use
 * @param authenticator who may use the console
 * @param readOnly true to refuse every mutation
 * @param basePath the mount path, empty or starting with {@code /} and not ending with it
 * @param sampleInterval how often the sampler reads the queues while a page is open
 * @param clock the clock of the sampler's time axis
 * @param meterRegistry where the queue counters are read, or null
 * @param queues the queues
 * @param locks the lock instances
 * @param limiters the rate limiters
 * @param sessions the session stores
 * @param leaderboards the leaderboards
 * @param analytics the analytics instances
 * @param series the preset analytics series, each {metric, dimension}
 */
public record ConsoleSettings(
        RedisConnector connector,
        ConsoleAuthenticator authenticator,
        boolean readOnly,
        String basePath,
        Duration sampleInterval,
        Clock clock,
        @Nullable MeterRegistry meterRegistry,
        Map<String, ReliableQueue<?>> queues,
        Map<String, RedisLock> locks,
        Map<String, RateLimiter> limiters,
        Map<String, SessionStore> sessions,
        Map<String, Leaderboard> leaderboards,
        Map<String, Analytics> analytics,
        List<String[]> series) {}
