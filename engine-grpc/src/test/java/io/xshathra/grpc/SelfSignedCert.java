package io.xshathra.grpc;

import io.xshathra.testkit.SelfSignedCerts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A self-signed certificate for localhost / 127.0.0.1, made with the JDK's keytool, as PEM. */
record SelfSignedCert(String certPem, String keyPem) {

    static SelfSignedCert generate(Path dir) throws Exception {
        return generate(dir, "server");
    }

    /** A certificate named {@code name} (its files are kept apart from other names in {@code dir}). */
    static SelfSignedCert generate(Path dir, String name) throws Exception {
        SelfSignedCerts.Pem c = SelfSignedCerts.generate(dir, name);
        return new SelfSignedCert(c.certPem(), c.keyPem());
    }

    GrpcTls tls() {
        return new GrpcTls(certPem.getBytes(StandardCharsets.UTF_8), keyPem.getBytes(StandardCharsets.UTF_8), null);
    }
}
