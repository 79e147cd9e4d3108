package dev.redkit.examples.platform;

import static dev.redkit.examples.platform.Json.obj;

import dev.redkit.lock.Lease;
import dev.redkit.session.Session;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Optional;

/**
 * Withdrawals under a {@code RedisLock} per wallet. The lease's fencing token goes into the SQL update
 * ({@code ... WHERE fence < ? AND balance_cents >= ?}), so a holder whose lease expired while it was paused
 * cannot write after its successor: the database refuses the older token.
 */
final class WalletRoutes {

    private static final Duration LOCK_WAIT = Duration.ofSeconds(3);

    private final Platform p;
    private final Auth auth;

    WalletRoutes(Platform p) {
        this.p = p;
        this.auth = new Auth(p);
    }

    void register(RoutesConfig routes) {
        routes.post("/wallet/withdraw", this::withdraw);
    }

    private void withdraw(Context ctx) throws InterruptedException {
        Session session = auth.require(ctx);
        long amount = Body.of(ctx, p.json).integer("amountCents", 1, 100_000_000);
        long userId = Auth.userId(session);
        Optional<Lease> acquired = p.walletLock.tryAcquire("wallet-" + userId, LOCK_WAIT);
        if (acquired.isEmpty()) {
            throw new ApiException(409, "wallet_busy", "another withdrawal of this wallet is in progress; retry");
        }
        try (Lease lease = acquired.get()) {
            User user = p.repository.findUser(userId);
            if (user == null) {
                throw ApiException.notFound("user " + userId + " no longer exists");
            }
            if (user.balanceCents() < amount) {
                throw new ApiException(
                        409, "insufficient_funds", "balance is " + user.balanceCents() + " cents, asked for " + amount);
            }
            if (!p.repository.withdraw(userId, amount, lease.fencingToken())) {
                throw new ApiException(
                        409,
                        "stale_lock",
                        "the wallet refused this withdrawal (a newer lock holder"
                                + " wrote first, or the balance changed)");
            }
            ctx.json(obj(
                    "withdrawnCents",
                    amount,
                    "balanceCents",
                    user.balanceCents() - amount,
                    "fencingToken",
                    lease.fencingToken()));
        }
    }
}
