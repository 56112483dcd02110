package io.xshathra.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xshathra.server.config.RandomSecrets;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The file {@code genconfig} writes: Centrifugo v6 shape, fresh secrets, no browser origins yet,
 * and the product's namespaces ({@code public}, {@code chat}, {@code match}), which are the same
 * as in the shipped {@code centrifugo/config.json}.
 */
final class GeneratedConfig {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GeneratedConfig() {
    }

    static String json() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode client = root.putObject("client");
        client.putObject("token").put("hmac_secret_key", RandomSecrets.generate());
        client.putArray("allowed_origins");
        root.putObject("http_api").put("key", RandomSecrets.generate());
        root.putObject("channel").set("namespaces", namespaces());
        return pretty(root);
    }

    /** The product's namespaces, from a resource kept equal to those of centrifugo/config.json. */
    static JsonNode namespaces() {
        try (InputStream in = GeneratedConfig.class.getResourceAsStream("namespaces.json")) {
            if (in == null) {
                throw new IllegalStateException("namespaces.json is missing from the jar");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Two-space indentation, {@code "key": value}, one array item per line. */
    static String pretty(JsonNode node) {
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withArrayEmptySeparator("")
                .withObjectEmptySeparator("");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators);
        printer.indentArraysWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
        printer.indentObjectsWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
        try {
            return JSON.writer(printer).writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
