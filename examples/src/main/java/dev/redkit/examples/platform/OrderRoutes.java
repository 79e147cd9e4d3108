package dev.redkit.examples.platform;

import static dev.redkit.examples.platform.Json.obj;

import dev.redkit.analytics.Event;
import dev.redkit.queue.EnqueueOptions;
import dev.redkit.queue.EnqueueResult;
import dev.redkit.session.Session;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * Orders: {@code POST /orders} records the order and its cashback in the database, then queues the
 * confirmation e-mail on a {@code ReliableQueue} (job id {@code order-<id>}, so a retried request does not
 * queue it twice); the app's worker sends it through the logging mailer with retries and dead letters.
 * A referred user's first order scores a point for the referrer on the referral {@code Leaderboard}.
 */
final class OrderRoutes {

    private final Platform p;
    private final Auth auth;
    private final CatalogRoutes catalog;

    OrderRoutes(Platform p) {
        this.p = p;
        this.auth = new Auth(p);
        this.catalog = new CatalogRoutes(p);
    }

    void register(RoutesConfig routes) {
        routes.post("/orders", this::placeOrder);
    }

    private void placeOrder(Context ctx) {
        Session session = auth.require(ctx);
        Body body = Body.of(ctx, p.json);
        long offerId = body.integer("offerId", 1, Long.MAX_VALUE);
        long amount = body.integer("amountCents", 1, 10_000_000);
        Offer offer = catalog.load(ctx, offerId);
        User user = p.repository.findUser(Auth.userId(session));
        if (user == null) {
            throw ApiException.notFound("user " + session.userId() + " no longer exists");
        }
        Repository.PlacedOrder order = p.repository.placeOrder(user.id(), offer, amount);
        EmailJob email = new EmailJob(order.id(), user.email(), "Your order " + order.id() + " is confirmed",
                "Thanks for shopping via " + offer.title() + ". Cashback pending: " + order.cashbackCents() + " cents.");
        EnqueueResult job = p.emailQueue.enqueue(email, EnqueueOptions.immediate().id("order-" + order.id()));
        p.analytics.track(Event.builder().count("orders", "all").count("orders", offer.merchantSlug())
                .active(session.userId()).build());
        if (order.firstOrder() && user.referredBy() > 0) {
            p.referrals.increment(Long.toString(user.referredBy()), 1);
        }
        ctx.status(201).json(obj("orderId", order.id(), "cashbackCents", order.cashbackCents(),
                "emailJobId", job.id()));
    }
}
