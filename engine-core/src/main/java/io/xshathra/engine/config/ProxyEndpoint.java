package io.xshathra.engine.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One backend the engine calls on a client's behalf: Centrifugo's {@code Proxy} object (an entry of
 * {@code proxies}, {@code client.proxy.connect}, {@code channel.proxy.subscribe}, {@code rpc.proxy}, …).
 * Immutable and validated when read.
 *
 * @param name                  the proxy's name ({@code default} for the per-kind default proxies)
 * @param endpoint              {@code http://} or {@code https://} URL, or a gRPC target ({@code grpc://host:port}
 *                              or plain {@code host:port})
 * @param timeout               the whole call's deadline
 * @param httpHeaders           lower-case names of the connection's HTTP headers forwarded to the backend
 * @param grpcMetadata          lower-case gRPC metadata keys forwarded (as HTTP headers over HTTP)
 * @param emulatedHeaders       lower-case names of client-supplied emulated headers forwarded
 * @param staticHeaders         headers added to every call (forwarded ones win)
 * @param binaryEncoding        send {@code b64data} (base64) instead of raw JSON {@code data}
 * @param includeConnectionMeta send the connection's {@code meta} (not to the connect proxy)
 * @param statusTransforms      HTTP status codes the backend answers with, turned into client errors or disconnects
 * @param guard                 how calls to a tenant's own backend are protected ({@link Guard#NONE} for the
 *                              operator's proxies from the configuration file)
 * @param grpc                  the {@code grpc} settings, used when the endpoint is a gRPC one
 * @param httpTls               the {@code http.tls} settings (same shape as {@code grpc.tls}), used
 *                              for {@code https://} endpoints; {@link GrpcProxyOptions.Tls#OFF}: the
 *                              JDK's trust store and no client certificate
 */
public record ProxyEndpoint(String name, String endpoint, Duration timeout, List<String> httpHeaders,
                            List<String> grpcMetadata, List<String> emulatedHeaders,
                            Map<String, String> staticHeaders, boolean binaryEncoding,
                            boolean includeConnectionMeta, List<StatusTransform> statusTransforms, Guard guard,
                            GrpcProxyOptions grpc, GrpcProxyOptions.Tls httpTls) {

    /** The name the per-kind default proxies ({@code channel.proxy.*}, {@code rpc.proxy}) answer to. */
    public static final String DEFAULT_NAME = "default";

    /** Centrifugo's default proxy timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

    public ProxyEndpoint {
        httpHeaders = List.copyOf(httpHeaders);
        grpcMetadata = List.copyOf(grpcMetadata);
        emulatedHeaders = List.copyOf(emulatedHeaders);
        staticHeaders = Map.copyOf(staticHeaders);
        statusTransforms = List.copyOf(statusTransforms);
        guard = guard == null ? Guard.NONE : guard;
        grpc = grpc == null ? GrpcProxyOptions.NONE : grpc;
        httpTls = httpTls == null ? GrpcProxyOptions.Tls.OFF : httpTls;
    }

    /** An endpoint without {@code http.tls} settings. */
    public ProxyEndpoint(String name, String endpoint, Duration timeout, List<String> httpHeaders,
                         List<String> grpcMetadata, List<String> emulatedHeaders, Map<String, String> staticHeaders,
                         boolean binaryEncoding, boolean includeConnectionMeta, List<StatusTransform> statusTransforms,
                         Guard guard, GrpcProxyOptions grpc) {
        this(name, endpoint, timeout, httpHeaders, grpcMetadata, emulatedHeaders, staticHeaders, binaryEncoding,
                includeConnectionMeta, statusTransforms, guard, grpc, GrpcProxyOptions.Tls.OFF);
    }

    /** An endpoint with the default {@code grpc} settings. */
    public ProxyEndpoint(String name, String endpoint, Duration timeout, List<String> httpHeaders,
                         List<String> grpcMetadata, List<String> emulatedHeaders, Map<String, String> staticHeaders,
                         boolean binaryEncoding, boolean includeConnectionMeta, List<StatusTransform> statusTransforms,
                         Guard guard) {
        this(name, endpoint, timeout, httpHeaders, grpcMetadata, emulatedHeaders, staticHeaders, binaryEncoding,
                includeConnectionMeta, statusTransforms, guard, GrpcProxyOptions.NONE);
    }

    /** An operator's endpoint (no {@link Guard}). */
    public ProxyEndpoint(String name, String endpoint, Duration timeout, List<String> httpHeaders,
                         List<String> grpcMetadata, List<String> emulatedHeaders, Map<String, String> staticHeaders,
                         boolean binaryEncoding, boolean includeConnectionMeta, List<StatusTransform> statusTransforms) {
        this(name, endpoint, timeout, httpHeaders, grpcMetadata, emulatedHeaders, staticHeaders, binaryEncoding,
                includeConnectionMeta, statusTransforms, Guard.NONE);
    }

    /**
     * The protections of calls to a backend that a tenant (a project) chose rather than the
     * operator.
     *
     * @param signingSecret when not empty, every call carries {@code X-Xshathra-Signature} made with it
     * @param publicOnly    the endpoint's host must resolve to public addresses only, checked before
     *                      every call; a loopback, private, link-local or unique-local address fails it
     */
    public record Guard(String signingSecret, boolean publicOnly) {
        public static final Guard NONE = new Guard("", false);

        public Guard {
            signingSecret = signingSecret == null ? "" : signingSecret;
        }

        @Override
        public String toString() {
            return "Guard[signed=" + !signingSecret.isEmpty() + ", publicOnly=" + publicOnly + "]";
        }
    }

    /** An endpoint with every optional setting at its default (tests and simple set-ups). */
    public static ProxyEndpoint of(String name, String endpoint, Duration timeout) {
        return new ProxyEndpoint(name, endpoint, timeout, List.of(), List.of(), List.of(), Map.of(), false, false,
                List.of());
    }

    /** Whether this endpoint is called over HTTP (else it is a gRPC one, as in Centrifugo). */
    public boolean isHttp() {
        return endpoint.startsWith("http://") || endpoint.startsWith("https://");
    }

    /**
     * An HTTP status the backend may answer with, mapped to what the client gets; exactly one of
     * {@code errorCode} and {@code disconnectCode} is non-zero.
     */
    public record StatusTransform(int statusCode, int errorCode, String errorMessage, boolean errorTemporary,
                                  int disconnectCode, String disconnectReason) {
    }
}
