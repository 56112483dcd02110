package io.xshathra.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed certificates for {@code localhost} / {@code 127.0.0.1} made with the JDK's keytool
 * (EC P-256, valid two days), as PEM: the certificate (its own CA) and its PKCS#8 key.
 */
public final class SelfSignedCerts {
    private SelfSignedCerts() {
    }

    /** A certificate and its key, PEM text. */
    public record Pem(String certPem, String keyPem) {
        public byte[] cert() {
            return certPem.getBytes(StandardCharsets.UTF_8);
        }

        public byte[] key() {
            return keyPem.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A certificate named {@code name} (its files are kept apart from other names in {@code dir}). */
    public static Pem generate(Path dir, String name) throws IOException, InterruptedException {
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
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, "changeit".toCharArray());
            byte[] cert = ks.getCertificate("server").getEncoded();
            byte[] key = ks.getKey("server", "changeit".toCharArray()).getEncoded();
            return new Pem(pem("CERTIFICATE", cert), pem("PRIVATE KEY", key));
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("unreadable keystore " + store, e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
