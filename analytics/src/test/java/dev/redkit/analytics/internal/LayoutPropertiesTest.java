package dev.redkit.analytics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.analytics.Granularity;
import dev.redkit.core.KeySpace;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Bucket arithmetic in zones with daylight saving, half-hour offsets and 30-minute DST shifts, checked on
 * 2000 random instants from a fixed seed (a failure names its case, so it can be replayed).
 */
class LayoutPropertiesTest {

    private static final List<String> ZONES = List.of(
            "UTC",
            "Europe/Berlin",
            "America/New_York",
            "Asia/Kolkata",
            "Australia/Lord_Howe",
            "America/St_Johns",
            "Pacific/Chatham",
            "America/Sao_Paulo");

    @Test
    void everyInstantFallsInExactlyOneBucketWithAUniqueLabel() {
        Random random = new Random(20261126L);
        for (int i = 0; i < 2000; i++) {
            // 2020-01-01 .. 2030-01-01
            long epochSecond = 1_577_836_800L + (long) (random.nextDouble() * (1_893_456_000L - 1_577_836_800L));
            String zone = ZONES.get(random.nextInt(ZONES.size()));
            Granularity g = Granularity.values()[random.nextInt(Granularity.values().length)];
            checkBucket(epochSecond, zone, g);
        }
    }

    private static void checkBucket(long epochSecond, String zone, Granularity g) {
        Layout layout = new Layout(KeySpace.of("p", "analytics", "x"), ZoneId.of(zone));
        Instant t = Instant.ofEpochSecond(epochSecond);
        ZonedDateTime start = layout.start(g, t);
        ZonedDateTime next = layout.next(g, start);
        assertThat(start.toInstant()).isBeforeOrEqualTo(t);
        assertThat(next.toInstant()).isAfter(t);
        assertThat(layout.start(g, next.toInstant())).isEqualTo(next);
        assertThat(layout.start(g, next.toInstant().minusMillis(1))).isEqualTo(start);
        assertThat(layout.previous(g, next)).isEqualTo(start);
        assertThat(Layout.label(g, next)).isNotEqualTo(Layout.label(g, start));
        if (g == Granularity.DAY) {
            assertThat(start.toLocalTime().getHour()).isLessThanOrEqualTo(1);
            assertThat(next.toLocalDate()).isEqualTo(start.toLocalDate().plusDays(1));
        }
    }
}
