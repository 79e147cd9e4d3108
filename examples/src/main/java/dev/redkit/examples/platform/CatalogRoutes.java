package dev.redkit.examples.platform;

import static dev.redkit.examples.platform.Json.obj;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The catalogue, read through {@code ReadThroughCache} over the database: merchants by slug, single offers
 * and the top offers. {@code PUT /admin/merchants/{id}} updates the database, then invalidates the cached
 * entries on every instance ({@link AdminAuth} guards it, as every {@code /admin} path).
 */
final class CatalogRoutes {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final String TOP_KEY = "top10";

    private final Platform p;

    CatalogRoutes(Platform p) {
        this.p = p;
    }

    void register(RoutesConfig routes) {
        routes.get("/merchants/{slug}", this::merchant);
        routes.get("/offers/top", this::topOffers);
        routes.get("/offers/{id}", this::offer);
        routes.put("/admin/merchants/{id}", this::updateMerchant);
    }

    private void merchant(Context ctx) {
        String slug = ctx.pathParam("slug");
        if (!SLUG.matcher(slug).matches()) {
            throw ApiException.badRequest("merchant slug must be 1-64 lower-case letters, digits or '-'");
        }
        Cached<Merchant> m = Cached.read(
                ctx, p.cacheStats("merchant"), p.merchantCache, slug, () -> p.repository.findMerchantBySlug(slug));
        if (m.value() == null) {
            throw ApiException.notFound("no merchant '" + slug + "'");
        }
        ctx.json(obj("merchant", m.value(), "cache", m.label(), "elapsedMs", m.millis()));
    }

    private void topOffers(Context ctx) {
        Cached<List<Offer>> top = Cached.read(
                ctx, p.cacheStats("top-offers"), p.topOffersCache, TOP_KEY, () -> p.repository.topOffers(10));
        ctx.json(obj(
                "offers",
                top.value() == null ? List.of() : top.value(),
                "cache",
                top.label(),
                "elapsedMs",
                top.millis()));
    }

    private void offer(Context ctx) {
        Cached<Offer> offer = loadCached(ctx, Body.pathId(ctx, "id"));
        ctx.json(obj("offer", offer.value(), "cache", offer.label(), "elapsedMs", offer.millis()));
    }

    /** Loads an offer through the cache; 404 if there is none. */
    Offer load(Context ctx, long id) {
        Offer offer = loadCached(ctx, id).value();
        if (offer == null) {
            throw ApiException.notFound("no offer " + id);
        }
        return offer;
    }

    private Cached<Offer> loadCached(Context ctx, long id) {
        Cached<Offer> offer = Cached.read(
                ctx, p.cacheStats("offer"), p.offerCache, Long.toString(id), () -> p.repository.findOffer(id));
        if (offer.value() == null) {
            throw ApiException.notFound("no offer " + id);
        }
        return offer;
    }

    private void updateMerchant(Context ctx) {
        long id = Body.pathId(ctx, "id");
        Body body = Body.of(ctx, p.json);
        String name = body.optionalString("name", 128);
        String description = body.optionalString("description", 512);
        Long bps = body.has("cashbackBps") ? body.integer("cashbackBps", 0, 10_000) : null;
        if (name == null && description == null && bps == null) {
            throw ApiException.badRequest("nothing to update: give name, description and/or cashbackBps");
        }
        Merchant before = p.repository.findMerchantById(id);
        if (before == null) {
            throw ApiException.notFound("no merchant " + id);
        }
        Merchant after = p.repository.updateMerchant(
                id, name, bps == null ? null : Integer.valueOf(bps.intValue()), description);
        p.merchantCache.invalidate(after.slug());
        p.topOffersCache.invalidate(TOP_KEY);
        ctx.json(obj("merchant", after, "invalidated", List.of("merchant:" + after.slug(), "top-offers:" + TOP_KEY)));
    }
}
