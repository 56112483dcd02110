package io.xshathra.server.config;

import io.xshathra.grpc.GrpcApiSettings;
import io.xshathra.grpc.GrpcListener;
import io.xshathra.grpc.GrpcTls;
import io.xshathra.grpc.UniGrpcSettings;

/**
 * Reads {@code grpc_api.*} and {@code uni_grpc.*}. A listener binds {@code address}, by default
 * the HTTP server's address (loopback unless configured otherwise). A bad value stops startup
 * naming its key; TLS needs both {@code tls.cert_pem} and {@code tls.key_pem}, each PEM text,
 * base64 PEM or a file path.
 */
final class GrpcSettingsReader {
    private GrpcSettingsReader() {
    }

    static GrpcApiSettings api(ConfigNode root, String defaultAddress) {
        ConfigNode n = root.child("grpc_api");
        if (!n.bool("enabled", false)) {
            return GrpcApiSettings.DISABLED;
        }
        String mode = n.string("error_mode", "");
        if (!mode.isEmpty() && !mode.equals("transport")) {
            throw n.error("error_mode", "must be \"\" or \"transport\", got \"" + mode + "\"");
        }
        return new GrpcApiSettings(listener(n, defaultAddress, GrpcApiSettings.DEFAULT_PORT), n.string("key", ""),
                n.bool("reflection", false), !mode.isEmpty());
    }

    static UniGrpcSettings uni(ConfigNode root, String defaultAddress) {
        ConfigNode n = root.child("uni_grpc");
        if (!n.bool("enabled", false)) {
            return UniGrpcSettings.DISABLED;
        }
        return new UniGrpcSettings(listener(n, defaultAddress, UniGrpcSettings.DEFAULT_PORT));
    }

    private static GrpcListener listener(ConfigNode n, String defaultAddress, int defaultPort) {
        String address = n.string("address", "");
        int port = defaultPort;
        if (n.isSet("port")) {
            port = n.raw("port").asInt();
            // 0 asks for any free port (tests), as a Go listener takes it.
            if (port < 0 || port > 65535) {
                throw n.error("port", "must be between 0 and 65535, got " + port);
            }
        }
        int maxReceive = n.nonNegativeInt("max_receive_message_size", 0);
        return new GrpcListener(true, address.isEmpty() ? defaultAddress : address, port, maxReceive,
                tls(n.child("tls")));
    }

    private static GrpcTls tls(ConfigNode t) {
        if (!t.bool("enabled", false)) {
            return null;
        }
        byte[] cert = pem(t, "cert_pem");
        byte[] key = pem(t, "key_pem");
        byte[] clientCa = t.string("client_ca_pem", "").isEmpty() ? null : pem(t, "client_ca_pem");
        return new GrpcTls(cert, key, clientCa);
    }

    private static byte[] pem(ConfigNode t, String key) {
        String value = t.string(key, "");
        if (value.isEmpty()) {
            throw t.error(key, "is required when TLS is enabled");
        }
        try {
            return GrpcTls.loadPem(value);
        } catch (IllegalArgumentException e) {
            throw t.error(key, e.getMessage());
        }
    }
}
