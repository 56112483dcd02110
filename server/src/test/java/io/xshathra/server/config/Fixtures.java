package io.xshathra.server.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Small helpers shared by the loader tests. */
final class Fixtures {

    /** Secrets given through the environment, so tests that are not about development mode stay out of it. */
    static final Map<String, String> SECRETS = Map.of(
            "CENTRIFUGO_CLIENT_TOKEN_HMAC_SECRET_KEY", "secret", "CENTRIFUGO_HTTP_API_KEY", "key");

    private Fixtures() {
    }

    static Path write(Path dir, String name, String json) {
        try {
            Path file = dir.resolve(name);
            Files.writeString(file, json);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    static Map<String, String> withSecrets(String... pairs) {
        Map<String, String> env = new HashMap<>(SECRETS);
        env.putAll(env(pairs));
        return env;
    }

    static LoadedConfig load(Path file, Map<String, String> env) {
        return new ConfigLoader().load(file, env, CliOverrides.none());
    }

    /** Loads a file holding {@code json} with secrets in the environment. */
    static LoadedConfig loadJson(Path dir, String json) {
        return load(write(dir, "config.json", json), SECRETS);
    }
}
