package dev.redkit.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.junit.MutableClock;
import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import dev.redkit.embedded.junit.StoredLayout;
import org.junit.jupiter.api.Test;

/**
 * Pins the stored format of analytics (docs/COMPATIBILITY.md): old and new instances of a rolling deploy must count
 * into the same buckets.
 */
@RedisTest
class AnalyticsStoredFormatIT {

    @Test
    void oneEventOfEachKindWritesTheDocumentedBucketsAllExpiring(RedisConnector redis, RedisTestContext ctx) {
        Analytics analytics = Analytics.builder(redis, "shop")
                .clock(MutableClock.at("2026-12-01T10:15:30Z"))
                .build();
        analytics.track(Event.builder()
                .count("clicks", "offer-1")
                .unique("viewers", "offer-1", "user-1")
                .trend("offers", "offer-1")
                .active("user-1")
                .build());

        assertThat(StoredLayout.of(ctx))
                .containsExactly(
                        "analytics:shop:{offer-1}:cd.clicks:20261201 string ttl",
                        "analytics:shop:{offer-1}:ch.clicks:202612011000 string ttl",
                        "analytics:shop:{offer-1}:cm.clicks:202612011015 string ttl",
                        "analytics:shop:{offer-1}:u.viewers:20261201 string ttl",
                        "analytics:shop:{offers}:trend zset ttl",
                        "analytics:{shop}:ad:20261201 string ttl",
                        "analytics:{shop}:am:202612011015 string ttl");
    }
}
