package io.xshathra.engine.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Base64;

/**
 * PEM values of the configuration ({@code *.tls.cert_pem}, {@code key_pem}, {@code server_ca_pem},
 * {@code client_ca_pem}), read the way Centrifugo reads them: PEM text itself, base64 of PEM text,
 * or the path of a file holding PEM text.
 */
public final class Pem {
    /** Largest PEM file read. */
    private static final long MAX_PEM_BYTES = 1 << 20;

    private Pem() {
    }

    /**
     * The PEM text a configuration value stands for.
     *
     * @throws IllegalArgumentException naming what is wrong (never echoing the value: it may be a key)
     */
    public static byte[] load(String value) {
        if (isPem(value)) {
            return value.getBytes(StandardCharsets.UTF_8);
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(value.strip()), StandardCharsets.UTF_8);
            if (isPem(decoded)) {
                return decoded.getBytes(StandardCharsets.UTF_8);
            }
        } catch (IllegalArgumentException notBase64) {
            // Not base64: try it as a path.
        }
        Path path;
        try {
            path = Path.of(value);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("not PEM, base64 PEM or a file path");
        }
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("not PEM, base64 PEM or an existing file");
        }
        try {
            if (Files.size(path) > MAX_PEM_BYTES) {
                throw new IllegalArgumentException("file " + path + " is larger than 1 MiB");
            }
            String content = Files.readString(path, StandardCharsets.UTF_8);
            if (!isPem(content)) {
                throw new IllegalArgumentException("file " + path + " holds no PEM data");
            }
            return content.getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + path + ": " + e.getMessage());
        }
    }

    private static boolean isPem(String s) {
        int begin = s.indexOf("-----BEGIN ");
        return begin >= 0 && s.indexOf("-----END ", begin) > begin;
    }
}
