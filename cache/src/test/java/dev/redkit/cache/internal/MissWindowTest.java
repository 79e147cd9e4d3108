package dev.redkit.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MissWindowTest {

    @Test
    void startsColdAndWarmsAfterFortyNineHitsInARow() {
        MissWindow window = new MissWindow();
        for (int i = 0; i < 48; i++) {
            assertThat(window.missesFrequent()).as("after %d hits", i).isTrue();
            window.record(false);
        }
        assertThat(window.missesFrequent()).as("16 of the last 64 reads missed").isTrue();
        window.record(false);
        assertThat(window.missesFrequent()).as("15 of the last 64 reads missed").isFalse();
    }

    @Test
    void sixteenMissesAmongTheLastSixtyFourSendGetsToTheScript() {
        MissWindow window = warm();
        for (int i = 0; i < 15; i++) {
            window.record(true);
            window.record(false);
        }
        assertThat(window.missesFrequent()).isFalse();
        window.record(true);
        assertThat(window.missesFrequent()).isTrue();
    }

    @Test
    void coldStartForgetsTheHits() {
        MissWindow window = warm();
        window.coldStart();
        assertThat(window.missesFrequent()).isTrue();
    }

    private static MissWindow warm() {
        MissWindow window = new MissWindow();
        for (int i = 0; i < MissWindow.SIZE; i++) {
            window.record(false);
        }
        assertThat(window.missesFrequent()).isFalse();
        return window;
    }
}
