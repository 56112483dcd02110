package io.xshathra.engine.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.xshathra.engine.config.GrpcProxyOptions;
import io.xshathra.engine.config.ProxyEndpoint;
import io.xshathra.testkit.SelfSignedCerts;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code http.tls} of an HTTP proxy against real HTTPS backends on loopback: one that any client
 * may call and one that requires a client certificate, each with a self-signed certificate for
 * localhost / 127.0.0.1 (its own CA).
 */
class HttpProxyTlsTest {
    private static final Duration T = Duration.ofSeconds(3);
    @TempDir
    static Path dir;
    private static SelfSignedCerts.Pem serverCert;
    private static SelfSignedCerts.Pem clientCert;
    private static SelfSignedCerts.Pem strangerCert;

    private final HttpProxyTransport http = new HttpProxyTransport(8, 4096);
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private HttpsServer server;

    @BeforeAll
    static void certificates() throws Exception {
        serverCert = SelfSignedCerts.generate(dir, "backend");
        clientCert = SelfSignedCerts.generate(dir, "client");
        strangerCert = SelfSignedCerts.generate(dir, "stranger");
    }

    @AfterEach
    void close() {
        if (server != null) {
            server.stop(0);
        }
        pool.shutdownNow();
        http.close();
    }

    /** An HTTPS backend answering every RPC with {"result":{"data":{"ok":true}}}. */
    private String start(boolean requireClientCert) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("backend", ProxyTlsContext.privateKey(serverCert.key()), new char[0],
                ProxyTlsContext.certificates(serverCert.cert()).toArray(new X509Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        KeyStore clients = KeyStore.getInstance("PKCS12");
        clients.load(null, null);
        clients.setCertificateEntry("client", ProxyTlsContext.certificates(clientCert.cert()).get(0));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(clients);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ctx) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = ctx.getDefaultSSLParameters();
                p.setNeedClientAuth(requireClientCert);
                params.setSSLParameters(p);
            }
        });
        server.createContext("/rpc", ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                byte[] body = "{\"result\":{\"data\":{\"ok\":true}}}".getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.setExecutor(pool);
        server.start();
        return "https://127.0.0.1:" + server.getAddress().getPort() + "/rpc";
    }

    private static ProxyEndpoint endpoint(String url, GrpcProxyOptions.Tls tls) {
        return new ProxyEndpoint("tls", url, T, List.of(), List.of(), List.of(), Map.of(), false, false, List.of(),
                ProxyEndpoint.Guard.NONE, GrpcProxyOptions.NONE, tls);
    }

    private static GrpcProxyOptions.Tls tls(byte[] ca, SelfSignedCerts.Pem client, String serverName,
                                            boolean insecure) {
        return new GrpcProxyOptions.Tls(true, ca, client == null ? null : client.cert(),
                client == null ? null : client.key(), serverName, insecure);
    }

    private String rpc(ProxyEndpoint ep) {
        ProxyRequest.Rpc req = new ProxyRequest.Rpc(new ProxyRequest.Caller("c1", "websocket", "json", "u", null),
                "m", "{}".getBytes(StandardCharsets.UTF_8));
        return new String(http.call(ep, CallHeaders.NONE, req).toCompletableFuture().join().result().data(),
                StandardCharsets.UTF_8);
    }

    private ProxyException failure(ProxyEndpoint ep) {
        Throwable t = catchThrowable(() -> rpc(ep));
        assertThat(t).isInstanceOf(CompletionException.class);
        assertThat(t.getCause()).isInstanceOf(ProxyException.class);
        return (ProxyException) t.getCause();
    }

    @Test
    void aCustomCaTrustsTheBackendThatTheJdkStoreDoesNot() throws Exception {
        String url = start(false);
        assertThat(rpc(endpoint(url, tls(serverCert.cert(), null, "", false)))).isEqualTo("{\"ok\":true}");
        assertThat(failure(endpoint(url, GrpcProxyOptions.Tls.OFF)).reason())
                .as("the JDK store does not know the backend's CA").isEqualTo(ProxyException.Reason.UNREACHABLE);
        assertThat(failure(endpoint(url, tls(strangerCert.cert(), null, "", false))).reason())
                .as("another CA").isEqualTo(ProxyException.Reason.UNREACHABLE);
    }

    @Test
    void aBackendThatRequiresAClientCertificateGetsOne() throws Exception {
        String url = start(true);
        assertThat(rpc(endpoint(url, tls(serverCert.cert(), clientCert, "", false)))).isEqualTo("{\"ok\":true}");
        failure(endpoint(url, tls(serverCert.cert(), null, "", false)));
        failure(endpoint(url, tls(serverCert.cert(), strangerCert, "", false)));
    }

    @Test
    void insecureSkipVerifyAcceptsAnyCertificate() throws Exception {
        String url = start(false);
        assertThat(rpc(endpoint(url, tls(null, null, "", true)))).isEqualTo("{\"ok\":true}");
    }

    @Test
    void theServerNameIsWhatTheCertificateMustName() throws Exception {
        String url = start(false);
        assertThat(rpc(endpoint(url, tls(serverCert.cert(), null, "localhost", false)))).isEqualTo("{\"ok\":true}");
        failure(endpoint(url, tls(serverCert.cert(), null, "backend.example.com", false)));
    }

    @Test
    void endpointsWithTheSameSettingShareOneClient() throws Exception {
        String url = start(false);
        rpc(endpoint(url, tls(serverCert.cert(), null, "", false)));
        rpc(endpoint(url, tls(serverCert.cert().clone(), null, "", false)));
        assertThat(http.tlsClients()).isEqualTo(1);
        rpc(endpoint(url, tls(serverCert.cert(), null, "localhost", false)));
        assertThat(http.tlsClients()).isEqualTo(2);
    }

    @Test
    void hostNamesMatchAsInCertificates() {
        assertThat(HostNames.dnsMatches("api.example.com", "*.example.com")).isTrue();
        assertThat(HostNames.dnsMatches("a.b.example.com", "*.example.com")).isFalse();
        assertThat(HostNames.dnsMatches("example.com", "*.example.com")).isFalse();
        assertThat(HostNames.dnsMatches("API.Example.com.", "api.example.com")).isTrue();
    }
}
