package dev.redkit.examples.components;

import dev.redkit.lock.Lease;
import dev.redkit.lock.RedisLock;
import java.time.Duration;
import java.util.Optional;

/** A lock with fencing tokens: the second caller waits, and each lease's token is larger than the last. */
public final class LockExample {

    private LockExample() {}

    /**
     * Runs the example.
     *
     * @param args unused
     * @throws InterruptedException if interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        try (ExampleRedis redis = ExampleRedis.start();
                RedisLock lock = RedisLock.builder(redis.connector(), "default")
                        .leaseTime(Duration.ofSeconds(10))
                        .build()) {
            long lastFence = 0;
            try (Lease lease = lock.acquire("wallet-42", Duration.ofSeconds(1))) {
                System.out.println("first holder, fencing token " + lease.fencingToken());
                lastFence = lease.fencingToken();
                Thread other = new Thread(() -> {
                    Optional<Lease> second = lock.tryAcquire("wallet-42");
                    System.out.println("another thread while held: " + (second.isPresent() ? "got it?!" : "refused"));
                });
                other.start();
                other.join();
            }
            try (Lease lease = lock.acquire("wallet-42", Duration.ofSeconds(1))) {
                System.out.println("next holder, fencing token " + lease.fencingToken() + " (larger: "
                        + (lease.fencingToken() > lastFence) + ")");
                System.out.println("pass it to the database: UPDATE wallets ... WHERE fence < ?token");
            }
            System.out.println("withLock: " + lock.withLock("report", Duration.ofSeconds(1), () -> "ran exclusively"));
        }
    }
}
