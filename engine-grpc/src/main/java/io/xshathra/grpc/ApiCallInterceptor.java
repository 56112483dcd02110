package io.xshathra.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Checks each API call before it runs: with a key configured, the {@code authorization} metadata
 * must be exactly {@code apikey <key>} (compared in constant time), else the call ends with
 * {@code UNAUTHENTICATED}; without a key every call passes, as in the reference. It also reads the
 * per-call {@code x-centrifugo-error-mode} metadata into {@link #TRANSPORT_ERROR_MODE} and
 * {@code x-xshathra-project} (the project whose channel space the call addresses, as the HTTP
 * API's {@code X-Xshathra-Project} header) into {@link #PROJECT}.
 */
final class ApiCallInterceptor implements ServerInterceptor {
    /** Whether this call asked for transport error mode. */
    static final Context.Key<Boolean> TRANSPORT_ERROR_MODE = Context.keyWithDefault("xshathra-error-mode", false);
    /** The project this call addresses, or null for the default channel space. */
    static final Context.Key<String> PROJECT = Context.key("xshathra-project");

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> ERROR_MODE =
            Metadata.Key.of("x-centrifugo-error-mode", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> PROJECT_HEADER =
            Metadata.Key.of("x-xshathra-project", Metadata.ASCII_STRING_MARSHALLER);

    /** {@code apikey <key>}, or null when calls need no key. */
    private final byte[] expected;

    ApiCallInterceptor(String key) {
        this.expected = key == null || key.isEmpty() ? null : ("apikey " + key).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        if (expected != null) {
            String given = headers.get(AUTHORIZATION);
            if (given == null || !MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
                call.close(Status.UNAUTHENTICATED.withDescription("unauthenticated"), new Metadata());
                return new ServerCall.Listener<>() {
                };
            }
        }
        boolean transport = "transport".equals(headers.get(ERROR_MODE));
        String project = headers.get(PROJECT_HEADER);
        boolean scoped = project != null && !project.isBlank();
        if (!transport && !scoped) {
            return next.startCall(call, headers);
        }
        Context ctx = Context.current().withValue(TRANSPORT_ERROR_MODE, transport);
        if (scoped) {
            ctx = ctx.withValue(PROJECT, project.trim());
        }
        return Contexts.interceptCall(ctx, call, headers, next);
    }
}
