package io.xshathra.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The development secrets a local Xshathra server generated ({@code <data dir>/dev-secrets.json}),
 * so that the bench runs against a server started with the README's command without any secret
 * typed on the command line.
 *
 * @param tokenSecret {@code hmac_secret_key}, the connection-token secret
 * @param apiKey      {@code api_key}, the server API key
 */
record DevSecrets(String tokenSecret, String apiKey) {

    static final String FILE = "dev-secrets.json";
    private static final long MAX_BYTES = 64 * 1024;

    /** The secrets in {@code dataDir}, or null when the folder has no such file. */
    static DevSecrets read(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        if (Files.size(file) > MAX_BYTES) {
            throw new IOException(file + " is larger than " + MAX_BYTES + " bytes");
        }
        String token = null;
        String key = null;
        try (JsonParser p = new JsonFactory().createParser(Files.readAllBytes(file))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException(file + " is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.VALUE_STRING && name.equals("hmac_secret_key")) {
                    token = p.getText();
                } else if (value == JsonToken.VALUE_STRING && name.equals("api_key")) {
                    key = p.getText();
                } else {
                    p.skipChildren();
                }
            }
        }
        if (token == null || key == null) {
            throw new IOException(file + " lacks hmac_secret_key or api_key");
        }
        return new DevSecrets(token, key);
    }
}
