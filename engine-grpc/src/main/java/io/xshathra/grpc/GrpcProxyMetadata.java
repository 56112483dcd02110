package io.xshathra.grpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.xshathra.engine.config.ProxyEndpoint;
import io.xshathra.engine.proxy.CallHeaders;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The metadata of a gRPC proxy call, as Centrifugo builds it: the endpoint's
 * {@code grpc.static_metadata} first, then the client's emulated headers it forwards
 * ({@code emulated_headers}), then the connection's HTTP headers it forwards ({@code http_headers},
 * which become metadata), or, on a gRPC connection (no HTTP headers), its metadata keys listed in
 * {@code grpc_metadata}; each replaces the one before for the same key. The
 * {@code grpc.credentials_key} pair is added last (per-RPC credentials, sent with or without TLS).
 * Keys gRPC itself owns ({@code grpc-*}, pseudo-headers, {@code content-type}, {@code te}, …),
 * binary ({@code -bin}) keys and values that are not printable ASCII are left out.
 */
final class GrpcProxyMetadata {
    private static final Set<String> RESERVED = Set.of("content-type", "te", "user-agent", "host", "connection",
            "content-length", "transfer-encoding", "upgrade", "keep-alive", "proxy-connection");

    private GrpcProxyMetadata() {
    }

    static Metadata of(ProxyEndpoint ep, CallHeaders forwarded) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        ep.grpc().staticMetadata().forEach((k, v) -> m.put(lower(k), List.of(v)));
        forwarded.emulated().forEach((k, v) -> {
            if (ep.emulatedHeaders().contains(lower(k))) {
                m.put(lower(k), List.of(v));
            }
        });
        forwarded.transport().forEach((k, v) -> {
            if (ep.httpHeaders().contains(lower(k))) {
                m.put(lower(k), v);
            }
        });
        if (forwarded.transport().isEmpty()) {
            forwarded.metadata().forEach((k, v) -> {
                if (ep.grpcMetadata().contains(lower(k))) {
                    m.put(lower(k), v);
                }
            });
        }
        if (!ep.grpc().credentialsKey().isEmpty()) {
            m.put(lower(ep.grpc().credentialsKey()), List.of(ep.grpc().credentialsValue()));
        }
        Metadata md = new Metadata();
        m.forEach((k, vs) -> put(md, k, vs));
        return md;
    }

    private static void put(Metadata md, String key, List<String> values) {
        if (key.startsWith("grpc-") || key.startsWith(":") || key.endsWith(Metadata.BINARY_HEADER_SUFFIX)
                || RESERVED.contains(key)) {
            return;
        }
        Metadata.Key<String> k;
        try {
            k = Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER);
        } catch (IllegalArgumentException notAKey) {
            return;
        }
        for (String v : values) {
            if (printable(v)) {
                md.put(k, v);
            }
        }
    }

    private static boolean printable(String v) {
        return v.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** Attaches the metadata to every call made through it. */
    static ClientInterceptor interceptor(Metadata extra) {
        return new ClientInterceptor() {
            @Override
            public <Q, S> ClientCall<Q, S> interceptCall(MethodDescriptor<Q, S> method, CallOptions options,
                                                         Channel next) {
                return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                    @Override
                    public void start(Listener<S> listener, Metadata headers) {
                        headers.merge(extra);
                        super.start(listener, headers);
                    }
                };
            }
        };
    }
}
