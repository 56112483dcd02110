package io.xshathra.controlplane.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private static final PasswordHasher DEFAULT = new PasswordHasher();

    @Test
    void theDefaultHashIsAnArgon2idPhcString() {
        String hash = DEFAULT.hash("correct horse battery staple");
        assertThat(hash).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(DEFAULT.verify("correct horse battery staple", hash)).isTrue();
        assertThat(DEFAULT.verify("correct horse battery stapler", hash)).isFalse();
        assertThat(DEFAULT.hash("correct horse battery staple")).as("salted").isNotEqualTo(hash);
        assertThat(DEFAULT.needsRehash(hash)).isFalse();
    }

    @Test
    void hashesFromTheReferenceImplementationVerify() {
        // Made with libargon2 (the PHC reference implementation), salt "0123456789abcdef".
        String ref1 = "$argon2id$v=19$m=19456,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg$gy5SuVm5Z7Vw7keB9se9p87QGcomaseB/S2U1OhTsM0";
        String ref2 = "$argon2id$v=19$m=4096,t=3,p=2$MDEyMzQ1Njc4OWFiY2RlZg$XHSWnmJnXq3/vnb70eHwiFcLCT7tgiB/PhWabfgMxh4";
        assertThat(DEFAULT.verify("correct horse battery staple", ref1)).isTrue();
        assertThat(DEFAULT.verify("correct horse battery staple", ref2)).isTrue();
        assertThat(DEFAULT.verify("Correct horse battery staple", ref1)).isFalse();
        assertThat(DEFAULT.needsRehash(ref2)).isTrue();
    }

    @Test
    void malformedOrOtherHashesNeverVerify() {
        String good = new PasswordHasher(new PasswordHasher.Params(64, 1, 1)).hash("password123");
        assertThat(DEFAULT.verify("password123", good)).as("parameters come from the string").isTrue();
        for (String bad : new String[] {null, "", "password123", good.replace("argon2id", "argon2i"),
                good.replace("v=19", "v=16"), good.substring(0, good.length() - 5), good + "$",
                good.replace("m=64", "m=99999999"),
                "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"}) {
            assertThat(DEFAULT.verify("password123", bad)).as(String.valueOf(bad)).isFalse();
        }
    }

    @Test
    void theDecoyTakesAVerificationAndSaysNo() {
        assertThat(DEFAULT.verifyDecoy("anything at all")).isFalse();
    }

    @Test
    void unreasonableParametersAreRefused() {
        assertThatThrownBy(() -> new PasswordHasher.Params(4, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PasswordHasher.Params(19456, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PasswordHasher.Params(19456, 2, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
