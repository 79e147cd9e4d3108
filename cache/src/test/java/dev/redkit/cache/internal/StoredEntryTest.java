package dev.redkit.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StoredEntryTest {

    @Test
    void roundTripsValuesAndNotFound() {
        byte[] payload = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        StoredEntry value = StoredEntry.parse(
                StoredEntry.value(1_700_000_000_123L, 42, payload).toBytes());
        assertThat(value.found()).isTrue();
        assertThat(value.expiresAt()).isEqualTo(1_700_000_000_123L);
        assertThat(value.loadMillis()).isEqualTo(42);
        assertThat(value.payload()).isEqualTo(payload);
        StoredEntry missing = StoredEntry.parse(StoredEntry.notFound(5, 0).toBytes());
        assertThat(missing.found()).isFalse();
        assertThat(missing.expiresAt()).isEqualTo(5);
    }

    @Test
    void pinsTheStoredFormat() {
        assertThat(new String(
                        StoredEntry.value(10, 3, "x".getBytes(StandardCharsets.UTF_8))
                                .toBytes(),
                        StandardCharsets.UTF_8))
                .isEqualTo("v1|V|10|3|x");
        assertThat(new String(StoredEntry.notFound(10, 3).toBytes(), StandardCharsets.UTF_8))
                .isEqualTo("v1|N|10|3|");
    }

    @Test
    void rejectsForeignBytes() {
        for (String s : new String[] {
            "", "{\"slug\":\"a\"}", "v1|X|1|1|", "v1|V||1|x", "v1|V|1|x", "v2|V|1|1|x", "v1|N|1|1|junk"
        }) {
            assertThat(StoredEntry.parse(s.getBytes(StandardCharsets.UTF_8)))
                    .as(s)
                    .isNull();
        }
    }

    @Test
    void nearCacheEvictsLeastRecentlyUsedAndExpires() {
        NearCache<String> near = new NearCache<>(2, 1000);
        near.put("a", java.util.Optional.of("A"), 0, 10_000);
        near.put("b", java.util.Optional.of("B"), 0, 10_000);
        near.get("a", 1);
        near.put("c", java.util.Optional.empty(), 1, 500);
        assertThat(near.get("b", 2)).isNull();
        assertThat(near.get("a", 2)).extracting(NearCache.Item::value).isEqualTo(java.util.Optional.of("A"));
        assertThat(near.get("c", 2)).extracting(NearCache.Item::value).isEqualTo(java.util.Optional.empty());
        assertThat(near.get("c", 500)).as("never past the logical expiry").isNull();
        assertThat(near.get("a", 1000)).as("near ttl").isNull();
    }
}
