package io.xshathra.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.xshathra.engine.config.GrpcProxyOptions;
import io.xshathra.engine.config.Pem;
import io.xshathra.engine.proxy.ProxyTlsContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads the {@code grpc} object of a proxy whose endpoint is a gRPC one ({@code grpc://host:port}
 * or a plain gRPC target): {@code tls.*}, {@code credentials_key}, {@code credentials_value},
 * {@code compression}, {@code static_metadata}. PEM values are loaded here, so a bad one stops
 * startup naming its key.
 */
final class GrpcProxyOptionsReader {
    private GrpcProxyOptionsReader() {
    }

    static GrpcProxyOptions read(ConfigNode proxy, String endpoint) {
        if (endpoint.startsWith("grpc://")) {
            try {
                String authority = new java.net.URI(endpoint).getRawAuthority();
                if (authority == null || authority.isEmpty()) {
                    throw proxy.error("endpoint", "\"" + endpoint + "\" has no host:port");
                }
            } catch (java.net.URISyntaxException e) {
                throw proxy.error("endpoint", "\"" + endpoint + "\" is not a valid URL");
            }
        }
        ConfigNode g = proxy.child("grpc");
        String key = g.string("credentials_key", "");
        if (!key.isEmpty() && !key.matches("[a-zA-Z0-9_.-]+")) {
            throw g.error("credentials_key", "must be a gRPC metadata key (letters, digits, '-', '_', '.')");
        }
        return new GrpcProxyOptions(tls(g.child("tls")), key, g.string("credentials_value", ""),
                g.bool("compression", false), staticMetadata(g));
    }

    /**
     * The {@code tls} object of a proxy client ({@code grpc.tls} or {@code http.tls}): PEM values
     * are loaded and parsed here, so an unusable certificate or key stops startup naming its key.
     */
    static GrpcProxyOptions.Tls tls(ConfigNode t) {
        if (!t.bool("enabled", false)) {
            return GrpcProxyOptions.Tls.OFF;
        }
        byte[] ca = pem(t, "server_ca_pem", ProxyTlsContext::certificates);
        byte[] cert = pem(t, "cert_pem", ProxyTlsContext::certificates);
        byte[] key = pem(t, "key_pem", ProxyTlsContext::privateKey);
        if ((cert == null) != (key == null)) {
            throw t.error(cert == null ? "cert_pem" : "key_pem", "cert_pem and key_pem go together");
        }
        return new GrpcProxyOptions.Tls(true, ca, cert, key, t.string("server_name", ""),
                t.bool("insecure_skip_verify", false));
    }

    private static byte[] pem(ConfigNode t, String key, Consumer<byte[]> parse) {
        String value = t.string(key, "");
        if (value.isEmpty()) {
            return null;
        }
        try {
            byte[] pem = Pem.load(value);
            parse.accept(pem);
            return pem;
        } catch (IllegalArgumentException e) {
            throw t.error(key, e.getMessage());
        }
    }

    private static Map<String, String> staticMetadata(ConfigNode g) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode sm = g.raw("static_metadata");
        if (sm.isMissingNode() || sm.isNull()) {
            return out;
        }
        if (!sm.isObject()) {
            throw g.error("static_metadata", "must be an object of metadata keys to values");
        }
        sm.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}
