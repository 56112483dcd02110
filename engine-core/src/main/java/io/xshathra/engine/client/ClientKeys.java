package io.xshathra.engine.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xshathra.protocol.proto.ConnectRequest;
import java.io.IOException;

/** Finds a public client key in a connect request: {@code data.clientApiKey}, else the URL's {@code client_api_key}. */
final class ClientKeys {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ClientKeys() {
    }

    static String of(ConnectRequest req, Transport transport) {
        if (!req.getData().isEmpty()) {
            try {
                JsonNode data = JSON.readTree(req.getData().toByteArray());
                JsonNode key = data == null ? null : data.get("clientApiKey");
                if (key != null && key.isTextual() && !key.asText().isEmpty()) {
                    return key.asText();
                }
            } catch (IOException e) {
                // Not JSON: connect data is free-form; it simply carries no client key.
            }
        }
        String q = transport.queryParam("client_api_key");
        return q == null || q.isEmpty() ? null : q;
    }
}
