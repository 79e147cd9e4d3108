package dev.redkit.docs.javadoc;

import dev.redkit.core.RedisConnector;
import dev.redkit.lock.Lease;
import dev.redkit.lock.LockInspector;
import dev.redkit.lock.RedisLock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Javadoc examples of the Lock module, compiled; see {@code JavadocExamples}. */
class LockSnippets {

    private static final Logger log = LoggerFactory.getLogger(LockSnippets.class);
    private final Wallet wallet = (userId, amount, fencingToken) -> {};

    // lock/src/main/java/dev/redkit/lock/Lease.java
    void lease(RedisLock locks, String userId, long amount, AtomicBoolean abort) throws InterruptedException {
        // region lease
        try (Lease lease = locks.acquire("withdraw:" + userId, Duration.ofSeconds(5))) {
            lease.onLost(reason -> abort.set(true));
            wallet.withdraw(userId, amount, lease.fencingToken()); // storage rejects tokens older than the last seen
        }
        // endregion
    }

    // lock/src/main/java/dev/redkit/lock/LockInspector.java
    void lockInspector(RedisConnector connector) {
        // region lockInspector
        LockInspector.Held held = LockInspector.of(connector, "jobs").held(100);
        held.leases().forEach(l -> log.info("{} held, token {}, {} left", l.name(), l.fencingToken(), l.timeLeft()));
        // endregion
    }

    // lock/src/main/java/dev/redkit/lock/RedisLock.java
    void redisLock(RedisConnector connector, String userId, long amount) throws InterruptedException {
        // region redisLock
        RedisLock locks = RedisLock.builder(connector, "orders")
                .leaseTime(Duration.ofSeconds(10))
                .build();
        try (Lease lease = locks.acquire("withdraw:" + userId, Duration.ofSeconds(5))) { // else LockTimeoutException
            wallet.withdraw(userId, amount, lease.fencingToken());
        }
        Optional<Lease> maybe = locks.tryAcquire("nightly-sync");
        // endregion
    }

    /** Storage that rejects writes with a fencing token older than the last it saw. */
    interface Wallet {
        void withdraw(String userId, long amount, long fencingToken);
    }
}
