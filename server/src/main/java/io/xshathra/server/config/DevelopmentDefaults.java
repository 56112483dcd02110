package io.xshathra.server.config;

import java.nio.file.Path;
import java.util.List;

/**
 * What the loader filled in because no token secret and no API key were configured anywhere:
 * secrets kept in {@code <data dir>/dev-secrets.json} and, when no origins were configured,
 * loopback browser origins. The caller prints {@link #notice()} once at startup.
 *
 * @param secretsFile    where the secrets are kept
 * @param tokenSecret    the generated {@code client.token.hmac_secret_key}
 * @param apiKey         the generated {@code http_api.key}
 * @param status         whether the secrets were created now, reused, or (when only checking) not saved
 * @param allowedOrigins the origins added to {@code client.allowed_origins}; empty when the user set some
 */
public record DevelopmentDefaults(Path secretsFile, String tokenSecret, String apiKey, Status status,
        List<String> allowedOrigins) {

    /** Browser origins allowed in development mode when none are configured. */
    public static final List<String> LOOPBACK_ORIGINS = List.of(
            "http://localhost", "http://localhost:*", "http://127.0.0.1", "http://127.0.0.1:*",
            "http://[::1]", "http://[::1]:*");

    /** Where the secrets came from. */
    public enum Status {
        /** Generated and saved by this load. */
        CREATED,
        /** Read from the file saved by an earlier start. */
        REUSED,
        /** Generated in memory only (configuration check); {@code serve} would save them. */
        NOT_SAVED
    }

    public DevelopmentDefaults {
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    /**
     * One line for the console. It shows the secrets only when they were just created, so they are
     * printed once; later starts name the file instead.
     */
    public String notice() {
        String origins = allowedOrigins.isEmpty() ? ""
                : "; allowing browser origins " + String.join(", ", allowedOrigins);
        switch (status) {
            case CREATED:
                return "development mode: generated secrets, saved to " + secretsFile
                        + " (client.token.hmac_secret_key=" + tokenSecret + ", http_api.key=" + apiKey + ")"
                        + origins;
            case REUSED:
                return "development mode: no client.token.hmac_secret_key or http_api.key configured, using the secrets in "
                        + secretsFile + origins;
            default:
                return "development mode: no client.token.hmac_secret_key or http_api.key configured; serve would use"
                        + " development secrets kept in " + secretsFile + origins;
        }
    }

    @Override
    public String toString() {
        return "DevelopmentDefaults[secretsFile=" + secretsFile + ", status=" + status
                + ", allowedOrigins=" + allowedOrigins + "]";
    }
}
