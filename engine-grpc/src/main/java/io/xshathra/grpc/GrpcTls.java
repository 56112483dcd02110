package io.xshathra.grpc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Base64;

/**
 * TLS of one gRPC listener: the server's certificate chain and private key (PEM), and optionally
 * the CA whose certificates clients must present (mutual TLS).
 *
 * @param certPem     certificate chain, PEM
 * @param keyPem      private key, PEM (PKCS#8)
 * @param clientCaPem CA bundle clients are verified against, PEM; null when clients need no certificate
 */
public record GrpcTls(byte[] certPem, byte[] keyPem, byte[] clientCaPem) {
    /** Largest PEM file read. */
    private static final long MAX_PEM_BYTES = 1 << 20;

    /**
     * The PEM a configuration value stands for, read the way the reference reads it: PEM text
     * itself, base64 of PEM text, or the path of a file holding PEM text.
     *
     * @throws IllegalArgumentException naming what is wrong (never echoing the value: it may be a key)
     */
    public static byte[] loadPem(String value) {
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
