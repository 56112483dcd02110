package io.xshathra.controlplane.console;

import io.xshathra.controlplane.web.WebResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The console's static files, read from the jar once at start-up and served from memory under
 * {@code /console/assets/} with a year-long cache. Pages link them with {@code ?v=}{@link #version()},
 * a digest of their content, so a new release is fetched at once.
 */
final class Assets {

    private static final String BASE = "/io/xshathra/controlplane/console/assets/";
    private static final Map<String, String> TYPES = Map.of(
            "app.css", "text/css; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "debug.js", "text/javascript; charset=utf-8",
            "usage.js", "text/javascript; charset=utf-8",
            "favicon.svg", "image/svg+xml");

    private record Asset(String type, byte[] body) {
    }

    private final Map<String, Asset> files = new LinkedHashMap<>();
    private final String version;

    /** Reads every asset; blocks, so call it at start-up. */
    Assets() {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (String name : new java.util.TreeSet<>(TYPES.keySet())) {
            byte[] body = read(name);
            digest.update(body);
            files.put(name, new Asset(TYPES.get(name), body));
        }
        version = HexFormat.of().formatHex(digest.digest()).substring(0, 12);
    }

    private static byte[] read(String name) {
        try (InputStream in = Assets.class.getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IllegalStateException("console asset missing from the jar: " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Changes whenever any asset changes. */
    String version() {
        return version;
    }

    /** The asset at {@code /console/assets/<name>}, or empty. */
    Optional<WebResponse> serve(String path) {
        Asset a = files.get(path.substring(Routes.ASSETS.length()));
        return a == null ? Optional.empty() : Optional.of(Responses.asset(a.type(), a.body()));
    }
}
