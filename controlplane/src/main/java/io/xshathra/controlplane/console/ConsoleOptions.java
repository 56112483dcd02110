package io.xshathra.controlplane.console;

import io.xshathra.controlplane.security.LoginThrottle;
import io.xshathra.controlplane.security.TrustedProxies;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How the console treats the network in front of it; the composition root fills it in from the
 * configuration ({@code xshathra.trusted_proxies}, {@code xshathra.console.secure_cookies},
 * {@code xshathra.console.hsts_max_age}).
 *
 * @param trustedProxies  proxies whose {@code X-Forwarded-For} and {@code X-Forwarded-Proto} are
 *                        believed; none by default
 * @param secureCookies   when cookies get {@code Secure} and the {@code __Host-} prefix
 * @param hstsMaxAge      {@code Strict-Transport-Security} max-age on HTTPS responses; zero
 *                        (the default) sends no such header
 * @param addressLimits   the per-address limit on failed sign-ins and setup attempts
 * @param setupTokenFile  the file {@code serve} wrote the first-run setup token to, deleted once
 *                        setup succeeds; null when there is none
 */
public record ConsoleOptions(TrustedProxies trustedProxies, SecureCookies secureCookies, Duration hstsMaxAge,
                             LoginThrottle.Limits addressLimits, Path setupTokenFile) {

    /** No trusted proxy, {@code auto} cookies, no HSTS, the standard limits. */
    public static final ConsoleOptions DEFAULTS = new ConsoleOptions(TrustedProxies.NONE, SecureCookies.AUTO,
            Duration.ZERO, LoginThrottle.STANDARD, null);

    public ConsoleOptions {
        Objects.requireNonNull(trustedProxies, "trustedProxies");
        Objects.requireNonNull(secureCookies, "secureCookies");
        Objects.requireNonNull(hstsMaxAge, "hstsMaxAge");
        Objects.requireNonNull(addressLimits, "addressLimits");
        if (hstsMaxAge.isNegative()) {
            throw new IllegalArgumentException("hstsMaxAge must not be negative");
        }
    }

    /**
     * When the console's cookies are {@code Secure} and named with the {@code __Host-} prefix
     * (which browsers accept only from HTTPS, without a Domain and for Path=/, so a sibling
     * subdomain or a plain-HTTP page cannot plant or overwrite them).
     */
    public enum SecureCookies {
        /**
         * When the request came over HTTPS: the server itself speaks plain HTTP, so that means
         * a trusted proxy said {@code X-Forwarded-Proto: https} (or {@code Forwarded: proto=https}).
         */
        AUTO,
        /** Always (the console is only ever reached over HTTPS, or on {@code localhost}). */
        ALWAYS,
        /** Never (plain HTTP only). */
        NEVER;

        /** @throws IllegalArgumentException unless {@code auto}, {@code always} or {@code never} */
        public static SecureCookies parse(String s) {
            return switch (s == null ? "" : s.strip().toLowerCase(Locale.ROOT)) {
                case "auto" -> AUTO;
                case "always" -> ALWAYS;
                case "never" -> NEVER;
                default -> throw new IllegalArgumentException("must be auto, always or never, got \"" + s + "\"");
            };
        }
    }

    public ConsoleOptions withSetupTokenFile(Path file) {
        return new ConsoleOptions(trustedProxies, secureCookies, hstsMaxAge, addressLimits, file);
    }

    public ConsoleOptions withAddressLimits(LoginThrottle.Limits limits) {
        return new ConsoleOptions(trustedProxies, secureCookies, hstsMaxAge, limits, setupTokenFile);
    }
}
