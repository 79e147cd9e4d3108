package dev.redkit.lock.internal;

import dev.redkit.core.KeyScanner;
import dev.redkit.core.KeySpace;
import dev.redkit.core.RedisCommand;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.spi.Checks;
import dev.redkit.core.spi.Replies;
import dev.redkit.lock.HeldLease;
import dev.redkit.lock.LockInspector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The {@link LockInspector} implementation: a bounded scan of the owner keys, then GET and PTTL in one pipeline. */
public final class LockInspectorImpl implements LockInspector {

    private static final String OWNER_SUFFIX = ":owner";

    private final RedisConnector connector;
    private final String name;
    private final String base;

    /**
     * Creates the inspector.
     *
     * @param connector the connector
     * @param lockName the instance name
     */
    public LockInspectorImpl(RedisConnector connector, String lockName) {
        this.connector = Checks.notNull(connector, "connector");
        this.name = KeySpace.identifier(lockName, "lockName");
        this.base = connector.keySpace("lock", lockName).base();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Held held(int max) {
        Checks.between(max, 1, MAX_LEASES, "max");
        // owner keys are base + "{" + encoded name + "}:owner"; '?' stands for each brace (see KeyScanner)
        KeyScanner.Result scan = KeyScanner.of(connector).scan(base + "?*?" + OWNER_SUFFIX, max);
        List<RedisCommand> reads = new ArrayList<>(scan.keys().size() * 2);
        for (String key : scan.keys()) {
            reads.add(RedisCommand.of("GET", key));
            reads.add(RedisCommand.of("PTTL", key));
        }
        List<Object> replies = reads.isEmpty() ? List.of() : connector.ops().pipeline(reads);
        List<HeldLease> leases = new ArrayList<>();
        for (int i = 0; i < scan.keys().size(); i++) {
            String value = Replies.asString(replies.get(2 * i));
            long pttl = Replies.asLong(replies.get(2 * i + 1));
            String key = scan.keys().get(i);
            if (value == null) {
                continue;
            }
            int colon = value.lastIndexOf(':');
            if (colon < 0 || pttl < 0 || !key.startsWith(base + "{") || !key.endsWith("}" + OWNER_SUFFIX)) {
                continue;
            }
            String encoded = key.substring(base.length() + 1, key.length() - OWNER_SUFFIX.length() - 1);
            leases.add(new HeldLease(
                    KeySpace.decode(encoded), Long.parseLong(value.substring(colon + 1)), Duration.ofMillis(pttl)));
        }
        leases.sort(Comparator.comparing(HeldLease::name));
        return new Held(leases, scan.complete());
    }

    @Override
    public String toString() {
        return "LockInspector{" + name + '}';
    }
}
