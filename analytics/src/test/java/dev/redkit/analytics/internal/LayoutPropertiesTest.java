package dev.redkit.analytics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.analytics.Granularity;
import dev.redkit.core.KeySpace;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Bucket arithmetic in zones with daylight saving, half-hour offsets and 30-minute DST shifts. */
class LayoutPropertiesTest {

    @Property(tries = 2000)
    void everyInstantFallsInExactlyOneBucketWithAUniqueLabel(@ForAll("instants") long epochSecond,
            @ForAll("zones") String zone, @ForAll Granularity g) {
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

    @Provide
    Arbitrary<Long> instants() {
        // 2020-01-01 .. 2030-01-01
        return Arbitraries.longs().between(1_577_836_800L, 1_893_456_000L);
    }

    @Provide
    Arbitrary<String> zones() {
        return Arbitraries.of("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe",
                "America/St_Johns", "Pacific/Chatham", "America/Sao_Paulo");
    }
}
