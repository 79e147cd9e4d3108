package dev.redkit.examples.boot;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/**
 * The offer catalogue. {@code sync = true} sends every read through Redkit's read-through cache: one load per
 * merchant across all instances, early refresh and stale-if-error ({@code redkit.cache.catalogue.*}).
 */
@Service
public class Catalogue {

    /**
     * @param id the offer
     * @param merchant the merchant
     * @param cashbackCents cashback per order
     */
    public record Offer(String id, String merchant, long cashbackCents) {}

    private final AtomicInteger loads = new AtomicInteger();

    /**
     * @param merchant the merchant
     * @return its offers, read from the "database" on a cache miss
     */
    @Cacheable(cacheNames = "catalogue", sync = true)
    public List<Offer> offers(String merchant) {
        loads.incrementAndGet();
        List<Offer> offers = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            offers.add(new Offer(merchant + "-" + i, merchant, 100L * i));
        }
        return offers;
    }

    /** @return how often the "database" was read */
    public int loads() {
        return loads.get();
    }
}
