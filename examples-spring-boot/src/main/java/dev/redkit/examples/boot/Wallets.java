package dev.redkit.examples.boot;

import dev.redkit.lock.Lease;
import dev.redkit.lock.RedisLock;
import java.time.Duration;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Service;

/**
 * Wallet balances in Redis through Spring Data Redis (Lettuce); withdrawals hold a Redkit lock per wallet, so
 * two concurrent withdrawals never both spend the same money.
 */
@Service
public class Wallets {

    /** What a withdrawal did. */
    public enum Outcome {
        /** Paid out. */
        PAID,
        /** The balance is too low. */
        INSUFFICIENT,
        /** Other withdrawals of this wallet held the lock for longer than the wait; retry. */
        BUSY
    }

    static final long OPENING_BALANCE_CENTS = 1_000;

    private final StringRedisTemplate redis;
    private final RedisLock lock;

    Wallets(StringRedisTemplate redis, RedisLock lock) {
        this.redis = redis;
        this.lock = lock;
    }

    static String key(String userId) {
        return "shop:wallet:{" + userId + "}";
    }

    void open(String userId) {
        redis.opsForValue().setIfAbsent(key(userId), Long.toString(OPENING_BALANCE_CENTS));
    }

    /**
     * @param userId the wallet's owner
     * @return the balance in cents
     */
    public long balance(String userId) {
        String value = redis.opsForValue().get(key(userId));
        return value == null ? 0 : Long.parseLong(value);
    }

    Outcome withdraw(String userId, long cents) throws InterruptedException {
        Optional<Lease> lease = lock.tryAcquire("wallet-" + userId, Duration.ofSeconds(5));
        if (lease.isEmpty()) {
            return Outcome.BUSY;
        }
        try (Lease held = lease.get()) {
            long balance = balance(userId);
            if (balance < cents) {
                return Outcome.INSUFFICIENT;
            }
            redis.opsForValue().set(key(userId), Long.toString(balance - cents));
            return Outcome.PAID;
        }
    }
}
