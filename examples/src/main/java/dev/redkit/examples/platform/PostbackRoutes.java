package dev.redkit.examples.platform;

import static dev.redkit.examples.platform.Json.obj;

import dev.redkit.analytics.Event;
import dev.redkit.core.KeySpace;
import dev.redkit.core.RedisCommand;
import dev.redkit.core.spi.Replies;
import dev.redkit.queue.EnqueueOptions;
import dev.redkit.queue.EnqueueResult;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Orders arrive the way affiliate networks report them: the merchant calls
 * {@code POST /postbacks/{merchant}} with a JSON body {@code {"clickId","orderRef","amountCents","timestamp","nonce"}}
 * signed with its postback secret ({@link PostbackSignature}). Users never declare orders or amounts. A postback
 * is accepted only if, in this order:
 * <ol>
 *   <li>the signature is the body's HMAC under that merchant's secret (401 {@code invalid_signature});</li>
 *   <li>its {@code timestamp} (epoch seconds) is within {@link #MAX_SKEW} of the server's clock
 *       (401 {@code stale_postback});</li>
 *   <li>its {@code nonce} was not seen before: one {@code SET NX PX} in Redis remembers it for twice the skew
 *       window, longer than a replay could pass the timestamp check, and atomically refuses a second use
 *       (409 {@code replayed_postback});</li>
 *   <li>{@code clickId} is a click on one of this merchant's offers, at most {@link #CLICK_LIFETIME} old
 *       (422 {@code unknown_click}).</li>
 * </ol>
 * The order is then recorded and its cashback credited to the user who clicked, in one transaction; the
 * merchant's {@code orderRef} is unique per merchant, so a re-signed duplicate credits nothing
 * ({@code "duplicate": true}). The confirmation e-mail is queued on a {@code ReliableQueue} (job id
 * {@code order-<id>}), and a referred user's first order scores a point for the referrer.
 */
final class PostbackRoutes {

    /** How far a postback's timestamp may be from the server's clock. */
    static final Duration MAX_SKEW = Duration.ofMinutes(5);
    /** How long after a click a postback may refer to it. */
    static final Duration CLICK_LIFETIME = Duration.ofDays(30);

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    private static final Pattern ORDER_REF = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final Platform p;
    private final KeySpace nonces;

    PostbackRoutes(Platform p) {
        this.p = p;
        this.nonces = p.redis.keySpace("postbacks", "nonces");
    }

    void register(RoutesConfig routes) {
        routes.post("/postbacks/{merchant}", this::postback);
    }

    private void postback(Context ctx) {
        String slug = ctx.pathParam("merchant");
        Map.Entry<Long, String> merchant = SLUG.matcher(slug).matches() ? p.repository.postbackSecret(slug) : null;
        byte[] raw = ctx.bodyAsBytes();
        if (merchant == null
                || !PostbackSignature.verify(merchant.getValue(), raw, ctx.header(PostbackSignature.HEADER))) {
            throw new ApiException(401, "invalid_signature", "the postback is not signed with this merchant's secret");
        }
        Body body = Body.of(ctx, p.json);
        long timestamp = body.integer("timestamp", 0, Long.MAX_VALUE / 1000);
        Instant now = p.clock.instant();
        if (Duration.between(Instant.ofEpochSecond(timestamp), now).abs().compareTo(MAX_SKEW) > 0) {
            throw new ApiException(
                    401,
                    "stale_postback",
                    "timestamp is more than " + MAX_SKEW.toMinutes() + " minutes from the server's clock");
        }
        String nonce = token(body, "nonce");
        String clickId = token(body, "clickId");
        String orderRef = body.string("orderRef", 64);
        if (!ORDER_REF.matcher(orderRef).matches()) {
            throw ApiException.badRequest("field 'orderRef' must be 1-64 letters, digits or . _ : -");
        }
        long amount = body.integer("amountCents", 1, 10_000_000);
        Object firstUse = p.redis
                .ops()
                .execute(RedisCommand.builder("SET")
                        .key(nonces.key("nonce", slug + "/" + nonce))
                        .args("1", "NX", "PX", MAX_SKEW.multipliedBy(2).toMillis())
                        .build());
        if (!Replies.isOk(firstUse)) {
            throw new ApiException(409, "replayed_postback", "this nonce was used before");
        }
        Repository.Click click = p.repository.findClick(clickId);
        Offer offer = click == null ? null : p.repository.findOffer(click.offerId());
        if (click == null
                || offer == null
                || offer.merchantId() != merchant.getKey()
                || click.createdAt().isBefore(now.minus(CLICK_LIFETIME))) {
            throw new ApiException(422, "unknown_click", "no recent click " + clickId + " on an offer of " + slug);
        }
        User user = p.repository.findUser(click.userId());
        if (user == null) {
            throw new IllegalStateException("user " + click.userId() + " of click " + clickId + " does not exist");
        }
        Repository.PlacedOrder order = p.repository.placeOrder(click.userId(), offer, amount, orderRef, clickId);
        if (order.duplicate()) {
            ctx.status(200).json(obj("orderId", order.id(), "cashbackCents", order.cashbackCents(), "duplicate", true));
            return;
        }
        EmailJob email = new EmailJob(
                order.id(),
                user.email(),
                "Your order " + order.id() + " is confirmed",
                "Thanks for shopping via " + offer.title() + ". Cashback credited: " + order.cashbackCents()
                        + " cents.");
        EnqueueResult job =
                p.emailQueue.enqueue(email, EnqueueOptions.immediate().id("order-" + order.id()));
        p.analytics.track(Event.builder()
                .count("orders", "all")
                .count("orders", offer.merchantSlug())
                .active(Long.toString(user.id()))
                .build());
        if (order.firstOrder() && user.referredBy() > 0) {
            p.referrals.increment(Long.toString(user.referredBy()), 1);
        }
        ctx.status(201)
                .json(obj(
                        "orderId",
                        order.id(),
                        "cashbackCents",
                        order.cashbackCents(),
                        "emailJobId",
                        job.id(),
                        "duplicate",
                        false));
    }

    private static String token(Body body, String field) {
        String v = body.string(field, 64);
        if (!TOKEN.matcher(v).matches()) {
            throw ApiException.badRequest("field '" + field + "' must be 16-64 characters of A-Z a-z 0-9 _ -");
        }
        return v;
    }
}
