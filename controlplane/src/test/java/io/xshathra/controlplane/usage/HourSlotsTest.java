package io.xshathra.controlplane.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HourSlotsTest {

    @Test
    void timesFallIntoTheirMinuteAndHour() {
        long t = 1_767_225_600_000L + 3 * HourSlots.HOUR_MS + 17 * HourSlots.MINUTE_MS + 59_999;
        assertThat(HourSlots.hourOf(t)).isEqualTo(1_767_225_600_000L + 3 * HourSlots.HOUR_MS);
        assertThat(HourSlots.minuteOf(t)).isEqualTo(HourSlots.hourOf(t) + 17 * HourSlots.MINUTE_MS);
        assertThat(HourSlots.slotOf(t)).isEqualTo(17);
        assertThat(HourSlots.slotOf(t + 1)).isEqualTo(18);
    }

    @Test
    void anHourRoundTripsThroughItsStoredForm() {
        HourSlots h = new HourSlots();
        h.add(0, 1, 2, 3);
        h.peakConnections(0, 5);
        h.add(59, Long.MAX_VALUE / 2, 0, 0);
        h.peakConnections(30, 1_000_000);
        h.add(30, 0, 127, 128);

        HourSlots back = HourSlots.decode(h.encode());
        assertThat(back.encode()).isEqualTo(h.encode());
        assertThat(back.connections(0)).isEqualTo(5);
        assertThat(back.publicationsIn(0)).isEqualTo(1);
        assertThat(back.deliveriesOut(0)).isEqualTo(2);
        assertThat(back.webhookDeliveries(0)).isEqualTo(3);
        assertThat(back.connections(30)).isEqualTo(1_000_000);
        assertThat(back.deliveriesOut(30)).isEqualTo(127);
        assertThat(back.webhookDeliveries(30)).isEqualTo(128);
        assertThat(back.publicationsIn(59)).isEqualTo(Long.MAX_VALUE / 2);
        assertThat(back.publicationsIn(1)).isZero();
    }

    @Test
    void connectionsKeepTheirPeakAndOtherFiguresAddUp() {
        HourSlots h = new HourSlots();
        assertThat(h.peakConnections(4, 3)).isTrue();
        assertThat(h.peakConnections(4, 2)).isFalse();
        h.add(4, 1, 10, 0);
        h.add(4, 2, 20, 1);
        assertThat(h.connections(4)).isEqualTo(3);
        assertThat(h.publicationsIn(4)).isEqualTo(3);
        assertThat(h.deliveriesOut(4)).isEqualTo(30);
        assertThat(h.webhookDeliveries(4)).isEqualTo(1);
    }

    @Test
    void aQuietHourIsEmptyAndABusyOneStaysSmall() {
        assertThat(new HourSlots().encode()).isEmpty();
        HourSlots busy = new HourSlots();
        for (int m = 0; m < 60; m++) {
            busy.peakConnections(m, 5_000);
            busy.add(m, 30_000, 3_000_000, 600);
        }
        // 60 minutes of 1 + 2 + 3 + 4 + 2 bytes, in base64
        assertThat(busy.encode()).hasSize(960);
        assertThat(busy.encode().length()).isLessThanOrEqualTo(HourSlots.MAX_ENCODED);
    }

    @Test
    void storedFormsItDoesNotWriteAreRefused() {
        String b64 = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[] {5, 1, 1, 1, 1, 3, 1, 1, 1, 1});
        assertThatThrownBy(() -> HourSlots.decode(b64)).hasMessageContaining("out of order");
        String range = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[] {60, 1, 1, 1, 1});
        assertThatThrownBy(() -> HourSlots.decode(range)).hasMessageContaining("range");
        String cut = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[] {1, 1, (byte) 0x80});
        assertThatThrownBy(() -> HourSlots.decode(cut)).hasMessageContaining("truncated");
        byte[] huge = new byte[12];
        java.util.Arrays.fill(huge, 1, 12, (byte) 0xFF);
        String big = Base64.getUrlEncoder().withoutPadding().encodeToString(huge);
        assertThatThrownBy(() -> HourSlots.decode(big)).hasMessageContaining("too large");
        assertThatThrownBy(() -> HourSlots.decode("not base64!")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HourSlots.decode("A".repeat(HourSlots.MAX_ENCODED + 1)))
                .hasMessageContaining("longer than");
    }

    @Test
    void randomBytesNeverDecodeIntoAnythingButAnHourOrARefusal() {
        Random r = new Random(14);
        for (int i = 0; i < 5_000; i++) {
            byte[] b = new byte[r.nextInt(40)];
            r.nextBytes(b);
            String text = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
            try {
                HourSlots.decode(text);
            } catch (IllegalArgumentException expected) {
                // refused, as it should be for most inputs
            }
        }
    }
}
