package io.xshathra.controlplane.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    @Test
    void keysCarryTheirPrefixAndFixedLengthBase62Bodies() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String server = ApiKeys.newServerKey();
            String client = ApiKeys.newClientKey();
            assertThat(server).matches("xs_sk_[0-9A-Za-z]{43}");
            assertThat(client).matches("xs_pk_[0-9A-Za-z]{33}");
            assertThat(ApiKeys.looksLikeServerKey(server)).isTrue();
            assertThat(ApiKeys.looksLikeClientKey(client)).isTrue();
            assertThat(ApiKeys.looksLikeServerKey(client)).isFalse();
            assertThat(seen.add(server) && seen.add(client)).isTrue();
        }
        assertThat(ApiKeys.SERVER_KEY_LENGTH).isEqualTo(49);
        assertThat(ApiKeys.CLIENT_KEY_LENGTH).isEqualTo(39);
    }

    @Test
    void base62HoldsEveryValueOfItsWidth() {
        assertThat(Base62.encode(new byte[32])).isEqualTo("0".repeat(43));
        byte[] max = new byte[32];
        java.util.Arrays.fill(max, (byte) 0xFF);
        assertThat(Base62.encode(max)).hasSize(43).doesNotStartWith("0");
        assertThat(Base62.encode(new byte[] {0, 61})).isEqualTo("00z");
        assertThat(Base62.length(32)).isEqualTo(43);
        assertThat(Base62.length(24)).isEqualTo(33);
    }

    @Test
    void theHintIsThePrefixAndFourCharacters() {
        String key = ApiKeys.newServerKey();
        assertThat(ApiKeys.hint(key)).hasSize(10).isEqualTo(key.substring(0, 10));
    }

    @Test
    void hashesAreSha256HexAndMatchInConstantTime() {
        // SHA-256("abc") from FIPS 180-2
        assertThat(ApiKeys.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        String key = ApiKeys.newServerKey();
        String stored = ApiKeys.hash(key);
        assertThat(ApiKeys.matches(key, stored)).isTrue();
        assertThat(ApiKeys.matches(key + "x", stored)).isFalse();
        assertThat(ApiKeys.matches(key, stored.toUpperCase())).as("hex case does not matter").isTrue();
        assertThat(ApiKeys.matches(key, stored.substring(1))).isFalse();
        assertThat(ApiKeys.matches(key, "zz" + stored.substring(2))).isFalse();
        assertThat(ApiKeys.matches(key, null)).isFalse();
        assertThat(ApiKeys.matches(null, stored)).isFalse();
    }

    @Test
    void sessionTokensAre32BytesOfBase64Url() {
        assertThat(ApiKeys.newSessionToken()).matches("[A-Za-z0-9_-]{43}");
    }
}
