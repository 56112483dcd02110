package io.xshathra.engine.tags;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DecimalsTest {

    @Test
    void acceptedForms() {
        for (String ok : List.of("0", "-0", "+0", "105.5", "-3", "+0.25", "007", "1.0000000000000000001")) {
            assertThat(Decimals.valid(ok)).as(ok).isTrue();
        }
        for (String bad : List.of("", "-", "+", ".5", "-.5", "5.", "1e3", "1.2.3", "0x10", " 1", "1 ",
                "1.00000000000000000001", "١", "1_000")) {
            assertThat(Decimals.valid(bad)).as(bad).isFalse();
        }
        assertThat(Decimals.valid("1".repeat(Decimals.MAX_LENGTH))).isTrue();
        assertThat(Decimals.valid("1".repeat(Decimals.MAX_LENGTH + 1))).isFalse();
    }

    @Test
    void comparesLikeExactDecimals() {
        List<String> samples = List.of("0", "-0", "+0", "0.0", "1", "-1", "10", "9.99", "10.00", "-10.5",
                "-10.49", "0.1", "0.01", "00.10", "+5", "123456789012345678901234567890", "-0.0000000000000000001");
        for (String a : samples) {
            for (String b : samples) {
                assertThat(Integer.signum(Decimals.compare(a, b))).as(a + " vs " + b)
                        .isEqualTo(new BigDecimal(a).compareTo(new BigDecimal(b)));
            }
        }
        Random r = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            String a = random(r);
            String b = random(r);
            assertThat(Integer.signum(Decimals.compare(a, b))).as(a + " vs " + b)
                    .isEqualTo(new BigDecimal(a).compareTo(new BigDecimal(b)));
        }
    }

    private static String random(Random r) {
        StringBuilder sb = new StringBuilder();
        int sign = r.nextInt(3);
        sb.append(sign == 0 ? "" : sign == 1 ? "-" : "+");
        int intDigits = 1 + r.nextInt(4);
        for (int i = 0; i < intDigits; i++) {
            sb.append((char) ('0' + r.nextInt(r.nextBoolean() ? 2 : 10)));
        }
        if (r.nextBoolean()) {
            sb.append('.');
            int frac = 1 + r.nextInt(4);
            for (int i = 0; i < frac; i++) {
                sb.append((char) ('0' + r.nextInt(r.nextBoolean() ? 2 : 10)));
            }
        }
        return sb.toString();
    }
}
