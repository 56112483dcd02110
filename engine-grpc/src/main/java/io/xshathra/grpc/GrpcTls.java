package io.xshathra.grpc;

import io.xshathra.engine.config.Pem;

/**
 * TLS of one gRPC listener: the server's certificate chain and private key (PEM), and optionally
 * the CA whose certificates clients must present (mutual TLS).
 *
 * @param certPem     certificate chain, PEM
 * @param keyPem      private key, PEM (PKCS#8)
 * @param clientCaPem CA bundle clients are verified against, PEM; null when clients need no certificate
 */
public record GrpcTls(byte[] certPem, byte[] keyPem, byte[] clientCaPem) {
    /**
     * The PEM a configuration value stands for: PEM text itself, base64 of PEM text, or the path
     * of a file holding PEM text ({@link Pem#load}).
     *
     * @throws IllegalArgumentException naming what is wrong (never echoing the value: it may be a key)
     */
    public static byte[] loadPem(String value) {
        return Pem.load(value);
    }
}
