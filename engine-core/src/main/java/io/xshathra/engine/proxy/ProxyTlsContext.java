package io.xshathra.engine.proxy;

import io.xshathra.engine.config.GrpcProxyOptions;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The JDK {@link SSLContext} of a proxy's {@code http.tls} settings (the same settings as
 * {@code grpc.tls}): the CA bundle the backend is verified against ({@code server_ca_pem}, else
 * the JDK's trust store), the client certificate and PKCS#8 key presented for mutual TLS
 * ({@code cert_pem}, {@code key_pem}), the name the backend's certificate must carry
 * ({@code server_name}, else the endpoint's host) and {@code insecure_skip_verify}. TLS 1.2 at
 * least, as in Centrifugo.
 */
public final class ProxyTlsContext {
    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private ProxyTlsContext() {
    }

    /** Builds the context; an {@link IllegalArgumentException} says which part is unusable. */
    public static SSLContext of(GrpcProxyOptions.Tls tls) {
        try {
            KeyManager[] km = tls.certPem() == null ? null : keyManagers(tls.certPem(), tls.keyPem());
            TrustManager[] tm = {trustManager(tls)};
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(km, tm, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("TLS set-up failed: " + e.getMessage());
        }
    }

    /** The X.509 certificates of a PEM bundle; at least one. */
    public static List<X509Certificate> certificates(byte[] pem) {
        try {
            Collection<? extends java.security.cert.Certificate> certs =
                    CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
            List<X509Certificate> out = new ArrayList<>();
            for (java.security.cert.Certificate c : certs) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException("holds no certificate");
            }
            return out;
        } catch (CertificateException | ClassCastException e) {
            throw new IllegalArgumentException("holds no readable X.509 certificate");
        }
    }

    /** The PKCS#8 private key of a PEM block (RSA, EC or Ed25519). */
    public static PrivateKey privateKey(byte[] pem) {
        Matcher m = PRIVATE_KEY.matcher(new String(pem, StandardCharsets.US_ASCII));
        if (!m.find()) {
            throw new IllegalArgumentException("holds no PKCS#8 private key (\"BEGIN PRIVATE KEY\")");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("holds a private key that is not valid base64");
        }
        for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisKind) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("holds a private key of an unsupported kind (RSA, EC or Ed25519 expected)");
    }

    private static KeyManager[] keyManagers(byte[] certPem, byte[] keyPem) throws GeneralSecurityException {
        List<X509Certificate> chain = certificates(certPem);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try {
            ks.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
        char[] pass = new char[0];
        ks.setKeyEntry("client", privateKey(keyPem), pass, chain.toArray(new X509Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pass);
        return kmf.getKeyManagers();
    }

    private static X509TrustManager trustManager(GrpcProxyOptions.Tls tls) throws GeneralSecurityException {
        if (tls.insecureSkipVerify()) {
            return new Checked(null, "");
        }
        KeyStore anchors = null;
        if (tls.serverCaPem() != null) {
            anchors = KeyStore.getInstance("PKCS12");
            try {
                anchors.load(null, null);
            } catch (java.io.IOException e) {
                throw new GeneralSecurityException(e);
            }
            int i = 0;
            for (X509Certificate c : certificates(tls.serverCaPem())) {
                anchors.setCertificateEntry("ca" + i++, c);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(anchors);
        for (TrustManager t : tmf.getTrustManagers()) {
            if (t instanceof X509ExtendedTrustManager x) {
                return new Checked(x, tls.serverName());
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager available");
    }

    /**
     * Verifies the backend: with no delegate (insecure_skip_verify) nothing; with a server name
     * the chain through the delegate and the name here (the JDK client would check the URI's
     * host); otherwise the delegate alone, host name included.
     */
    private static final class Checked extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager delegate;
        private final String serverName;

        Checked(X509ExtendedTrustManager delegate, String serverName) {
            this.delegate = delegate;
            this.serverName = serverName;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            if (delegate == null) {
                return;
            }
            if (serverName.isEmpty()) {
                delegate.checkServerTrusted(chain, authType, engine);
                return;
            }
            delegate.checkServerTrusted(chain, authType);
            HostNames.verify(serverName, chain[0]);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            if (delegate != null) {
                delegate.checkServerTrusted(chain, authType, socket);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (delegate != null) {
                delegate.checkServerTrusted(chain, authType);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("a proxy client does not verify clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("a proxy client does not verify clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a proxy client does not verify clients");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate == null ? new X509Certificate[0] : delegate.getAcceptedIssuers();
        }
    }
}
