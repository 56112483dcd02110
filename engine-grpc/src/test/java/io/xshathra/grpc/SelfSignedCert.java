package io.xshathra.grpc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/** A self-signed certificate for localhost / 127.0.0.1, made with the JDK's keytool, as PEM. */
record SelfSignedCert(String certPem, String keyPem) {

    static SelfSignedCert generate(Path dir) throws Exception {
        return generate(dir, "server");
    }

    /** A certificate named {@code name} (its files are kept apart from other names in {@code dir}). */
    static SelfSignedCert generate(Path dir, String name) throws Exception {
        Path store = dir.resolve(name + ".p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).redirectOutput(dir.resolve(name + "-keytool.log").toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("keytool failed: " + Files.readString(dir.resolve(name + "-keytool.log")));
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        byte[] cert = ks.getCertificate("server").getEncoded();
        byte[] key = ks.getKey("server", "changeit".toCharArray()).getEncoded();
        return new SelfSignedCert(pem("CERTIFICATE", cert), pem("PRIVATE KEY", key));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    GrpcTls tls() {
        return new GrpcTls(certPem.getBytes(StandardCharsets.UTF_8), keyPem.getBytes(StandardCharsets.UTF_8), null);
    }
}
