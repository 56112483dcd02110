package io.xshathra.engine.config;

import java.util.Map;

/**
 * The {@code grpc} settings of a proxy (Centrifugo's {@code ProxyCommonGRPC}), used only when its
 * endpoint is a gRPC one. PEM values are already loaded (text of the PEM blocks).
 *
 * @param tls              TLS to the backend; {@link Tls#OFF} for plaintext
 * @param credentialsKey   metadata key sent with every call (per-RPC credentials); empty for none
 * @param credentialsValue its value (a secret: never logged)
 * @param compression      gzip-compress the calls
 * @param staticMetadata   metadata added to every call; forwarded headers or metadata win
 */
public record GrpcProxyOptions(Tls tls, String credentialsKey, String credentialsValue, boolean compression,
                               Map<String, String> staticMetadata) {

    /** Plaintext, no credentials, no compression, no static metadata. */
    public static final GrpcProxyOptions NONE = new GrpcProxyOptions(Tls.OFF, "", "", false, Map.of());

    public GrpcProxyOptions {
        tls = tls == null ? Tls.OFF : tls;
        credentialsKey = credentialsKey == null ? "" : credentialsKey;
        credentialsValue = credentialsValue == null ? "" : credentialsValue;
        staticMetadata = Map.copyOf(staticMetadata);
    }

    @Override
    public String toString() {
        return "GrpcProxyOptions[tls=" + tls.enabled() + ", credentialsKey=" + credentialsKey
                + ", compression=" + compression + ", staticMetadata=" + staticMetadata.keySet() + "]";
    }

    /**
     * TLS of the connection to a gRPC backend.
     *
     * @param enabled            use TLS
     * @param serverCaPem        CA bundle the backend's certificate is verified against; null: the JDK's trust store
     * @param certPem            client certificate chain (mutual TLS); null for none
     * @param keyPem             its private key (PKCS#8); null for none
     * @param serverName         name the backend's certificate must carry (and SNI); empty: the endpoint's host
     * @param insecureSkipVerify accept any certificate (tests only)
     */
    public record Tls(boolean enabled, byte[] serverCaPem, byte[] certPem, byte[] keyPem, String serverName,
                      boolean insecureSkipVerify) {
        public static final Tls OFF = new Tls(false, null, null, null, "", false);

        public Tls {
            serverName = serverName == null ? "" : serverName;
        }

        @Override
        public String toString() {
            return "Tls[enabled=" + enabled + ", serverName=" + serverName + "]";
        }
    }
}
