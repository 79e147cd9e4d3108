package dev.redkit.core;

import dev.redkit.core.spi.Replies;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a component does at start-up when Redis's {@code maxmemory-policy} could evict the keys it relies on
 * (queue jobs, lock leases): a server under memory pressure would silently drop jobs or free locks.
 *
 * <p>{@code noeviction} is always safe. {@code volatile-*} policies evict only keys with a TTL, so they
 * endanger keys that rely on a TTL (lock leases) but not keys without one; {@code allkeys-*} endanger
 * everything. The check reads {@code INFO memory} (allowed to a least-privilege ACL user) from the node
 * that answers; on Cluster, configure every node alike.
 * <!-- snippet: CoreSnippets#evictionCheck -->
 * <pre>{@code
 * EvictionCheck.WARN.verify(connector, "lock", true); // logs a warning for any policy but noeviction
 * }</pre>
 */
public enum EvictionCheck {
    /** Do not check. */
    OFF,
    /** Log a warning through SLF4J and carry on (the default for components). */
    WARN,
    /** Throw {@link IllegalStateException} from the component's builder. */
    REFUSE;

    private static final Logger LOG = LoggerFactory.getLogger(EvictionCheck.class);

    /**
     * Checks the server's eviction policy.
     *
     * @param connector the connector
     * @param component the component name, for the message
     * @param keysHaveTtl whether the component's critical keys carry a TTL (then {@code volatile-*} is unsafe too)
     * @return the policy found, or {@code null} when not checked or unreadable
     * @throws IllegalStateException in {@link #REFUSE} mode when the policy can evict the component's keys
     */
    public @Nullable String verify(RedisConnector connector, String component, boolean keysHaveTtl) {
        if (this == OFF) {
            return null;
        }
        String policy;
        try {
            String info = Replies.asText(connector
                    .ops()
                    .execute(RedisCommand.builder("INFO").arg("memory").build()));
            policy = RedisConnector.infoField(info, "maxmemory_policy");
        } catch (RedkitException e) {
            LOG.warn(
                    "{}: could not read maxmemory-policy ({}); eviction safety not checked", component, e.getMessage());
            return null;
        }
        if (policy == null || !canEvict(policy, keysHaveTtl)) {
            return policy;
        }
        String message = component + ": Redis maxmemory-policy is '" + policy + "', which can evict "
                + (keysHaveTtl ? "keys with a TTL such as this component's" : "this component's keys")
                + " under memory pressure; use 'noeviction' for this data";
        if (this == REFUSE) {
            throw new IllegalStateException(message);
        }
        LOG.warn(message);
        return policy;
    }

    static boolean canEvict(String policy, boolean keysHaveTtl) {
        String p = policy.toLowerCase(Locale.ROOT);
        if (p.equals("noeviction")) {
            return false;
        }
        return p.startsWith("allkeys") || keysHaveTtl;
    }
}
