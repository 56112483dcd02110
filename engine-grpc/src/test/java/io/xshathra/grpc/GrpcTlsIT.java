package io.xshathra.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.xshathra.grpc.api.CentrifugoApiGrpc;
import io.xshathra.grpc.api.InfoRequest;
import io.xshathra.grpc.unistream.CentrifugoUniStreamGrpc;
import io.xshathra.grpc.unistream.ConnectRequest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both listeners over TLS with a self-signed certificate; plaintext clients are refused. */
class GrpcTlsIT {
    @TempDir
    Path dir;

    @Test
    void apiAndUniStreamServeOverTls() throws Exception {
        SelfSignedCert cert = SelfSignedCert.generate(dir);
        try (GrpcTestServer s = new GrpcTestServer(1 << 20, cert.tls())) {
            ManagedChannel api = tlsChannel(s.api.port(), cert);
            ManagedChannel uni = tlsChannel(s.uni.port(), cert);
            try {
                Metadata md = new Metadata();
                md.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                        "apikey " + GrpcTestServer.API_KEY);
                var stub = CentrifugoApiGrpc.newBlockingStub(api).withDeadlineAfter(5, TimeUnit.SECONDS)
                        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
                assertThat(stub.info(InfoRequest.getDefaultInstance()).getResult().getNodesCount()).isEqualTo(1);

                UniStreamClient c = UniStreamClient.consume(CentrifugoUniStreamGrpc.newStub(uni),
                        ConnectRequest.newBuilder().setToken(GrpcTestServer.token("tls")).build());
                assertThat(c.next("connect push over TLS").getConnect().getClient()).isNotEmpty();

                var plain = CentrifugoApiGrpc.newBlockingStub(s.channel(s.api.port()))
                        .withDeadlineAfter(5, TimeUnit.SECONDS);
                assertThatThrownBy(() -> plain.info(InfoRequest.getDefaultInstance()))
                        .isInstanceOfSatisfying(StatusRuntimeException.class,
                                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
            } finally {
                api.shutdownNow();
                uni.shutdownNow();
            }
        }
    }

    /** With client_ca_pem, only clients presenting a certificate it vouches for get through. */
    @Test
    void mutualTlsRefusesClientsWithoutACertificate() throws Exception {
        SelfSignedCert serverCert = SelfSignedCert.generate(dir, "server");
        SelfSignedCert clientCert = SelfSignedCert.generate(dir, "client");
        GrpcTls tls = new GrpcTls(serverCert.certPem().getBytes(StandardCharsets.UTF_8),
                serverCert.keyPem().getBytes(StandardCharsets.UTF_8),
                clientCert.certPem().getBytes(StandardCharsets.UTF_8));
        try (GrpcTestServer s = new GrpcTestServer(1 << 20, tls)) {
            ManagedChannel anonymous = tlsChannel(s.api.port(), serverCert);
            ManagedChannel withCert = NettyChannelBuilder.forAddress("127.0.0.1", s.api.port())
                    .overrideAuthority("localhost")
                    .sslContext(GrpcSslContexts.forClient()
                            .trustManager(new ByteArrayInputStream(serverCert.certPem().getBytes(StandardCharsets.UTF_8)))
                            .keyManager(new ByteArrayInputStream(clientCert.certPem().getBytes(StandardCharsets.UTF_8)),
                                    new ByteArrayInputStream(clientCert.keyPem().getBytes(StandardCharsets.UTF_8)))
                            .build())
                    .build();
            try {
                Metadata md = new Metadata();
                md.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                        "apikey " + GrpcTestServer.API_KEY);
                var ok = CentrifugoApiGrpc.newBlockingStub(withCert).withDeadlineAfter(5, TimeUnit.SECONDS)
                        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
                assertThat(ok.info(InfoRequest.getDefaultInstance()).getResult().getNodesCount()).isEqualTo(1);
                var refused = CentrifugoApiGrpc.newBlockingStub(anonymous).withDeadlineAfter(5, TimeUnit.SECONDS)
                        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
                assertThatThrownBy(() -> refused.info(InfoRequest.getDefaultInstance()))
                        .isInstanceOfSatisfying(StatusRuntimeException.class,
                                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
            } finally {
                anonymous.shutdownNow();
                withCert.shutdownNow();
            }
        }
    }

    @Test
    void pemIsReadFromTextBase64OrFile() throws Exception {
        SelfSignedCert cert = SelfSignedCert.generate(dir);
        byte[] expected = cert.certPem().getBytes(StandardCharsets.UTF_8);
        assertThat(GrpcTls.loadPem(cert.certPem())).isEqualTo(expected);
        assertThat(GrpcTls.loadPem(java.util.Base64.getEncoder().encodeToString(expected))).isEqualTo(expected);
        Path file = Files.writeString(dir.resolve("cert.pem"), cert.certPem());
        assertThat(GrpcTls.loadPem(file.toString())).isEqualTo(expected);
        Files.writeString(dir.resolve("junk.pem"), "not pem");
        assertThatThrownBy(() -> GrpcTls.loadPem(dir.resolve("junk.pem").toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no PEM");
        assertThatThrownBy(() -> GrpcTls.loadPem(dir.resolve("missing.pem").toString()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static ManagedChannel tlsChannel(int port, SelfSignedCert cert) throws Exception {
        return NettyChannelBuilder.forAddress("127.0.0.1", port).overrideAuthority("localhost")
                .sslContext(GrpcSslContexts.forClient().trustManager(
                        new ByteArrayInputStream(cert.certPem().getBytes(StandardCharsets.UTF_8))).build())
                .build();
    }
}
