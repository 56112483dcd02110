package io.xshathra.controlplane.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string format
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} (salt and hash in unpadded standard
 * base64), the form other Argon2 libraries read and write. Verification takes the parameters
 * from the stored string, so hashes made with older parameters keep working, and compares the
 * digests in constant time. Thread-safe.
 *
 * <p>The default parameters (19 MiB, 2 passes, 1 lane) are OWASP's minimum for Argon2id: about
 * 30-60 ms on one core of a small server, which keeps a 2-core machine responsive while several
 * sign-ins run at once on the bounded storage executor.
 */
public final class PasswordHasher {

    /**
     * Argon2id cost.
     *
     * @param memoryKib   memory in KiB ({@code m})
     * @param iterations  passes over memory ({@code t})
     * @param parallelism lanes ({@code p})
     */
    public record Params(int memoryKib, int iterations, int parallelism) {

        /** The production default. */
        public static final Params DEFAULT = new Params(19456, 2, 1);

        public Params {
            if (parallelism < 1 || parallelism > 16 || iterations < 1 || iterations > 100
                    || memoryKib < 8 * parallelism || memoryKib > 1024 * 1024) {
                throw new IllegalArgumentException("Argon2 parameters out of range: m=" + memoryKib
                        + ", t=" + iterations + ", p=" + parallelism);
            }
        }
    }

    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]{11,64})\\$([A-Za-z0-9+/]{22,128})");
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Params params;
    /**
     * Checked against when an account does not exist: a PHC string with this hasher's parameters
     * and a random salt and digest. Verifying against it costs what verifying a real hash costs
     * (no password derives a random digest), and making it costs no hashing, so a server does not
     * spend a hash's time and memory at start.
     */
    private final String decoy;

    public PasswordHasher(Params params) {
        this.params = params;
        byte[] salt = new byte[SALT_BYTES];
        byte[] digest = new byte[HASH_BYTES];
        RANDOM.nextBytes(salt);
        RANDOM.nextBytes(digest);
        this.decoy = encode(params, salt, digest);
    }

    /** A hasher with {@link Params#DEFAULT}. */
    public PasswordHasher() {
        this(Params.DEFAULT);
    }

    public Params params() {
        return params;
    }

    /** A new salted hash of the password in PHC form. */
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return encode(params, salt, derive(password, salt, params, HASH_BYTES));
    }

    private static String encode(Params p, byte[] salt, byte[] digest) {
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$argon2id$v=19$m=" + p.memoryKib() + ",t=" + p.iterations() + ",p=" + p.parallelism()
                + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(digest);
    }

    /**
     * Whether the password matches the PHC string. False (never an exception) for a malformed
     * or non-Argon2id string.
     */
    public boolean verify(String password, String encoded) {
        Matcher m = encoded == null ? null : PHC.matcher(encoded);
        if (m == null || !m.matches()) {
            return false;
        }
        Params p;
        byte[] salt;
        byte[] expected;
        try {
            p = new Params(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            salt = Base64.getDecoder().decode(m.group(4));
            expected = Base64.getDecoder().decode(m.group(5));
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] actual = derive(password, salt, p, expected.length);
        return MessageDigest.isEqual(actual, expected);
    }

    /**
     * Spends the time of one verification and returns false: called when no account has the
     * given email, so the response time does not tell whether an account exists.
     */
    public boolean verifyDecoy(String password) {
        verify(password, decoy);
        return false;
    }

    /** True when the stored hash was made with other parameters than this hasher's. */
    public boolean needsRehash(String encoded) {
        Matcher m = encoded == null ? null : PHC.matcher(encoded);
        return m == null || !m.matches()
                || Integer.parseInt(m.group(1)) != params.memoryKib()
                || Integer.parseInt(m.group(2)) != params.iterations()
                || Integer.parseInt(m.group(3)) != params.parallelism();
    }

    private static byte[] derive(String password, byte[] salt, Params p, int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(p.memoryKib())
                .withIterations(p.iterations())
                .withParallelism(p.parallelism())
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[length];
        try {
            generator.generateBytes(pw, out);
        } finally {
            Arrays.fill(pw, (byte) 0);
        }
        return out;
    }
}
