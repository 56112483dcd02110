package io.xshathra.engine.util;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.ByteString;
import io.xshathra.engine.config.ChannelOptions.DataFormat;
import java.io.IOException;

/** Checks publish data against a namespace's {@code publication_data_format}. */
public final class DataFormats {
    private static final JsonFactory JSON = new JsonFactory();

    private DataFormats() {
    }

    public static boolean accepts(DataFormat format, ByteString data) {
        return switch (format) {
            case BINARY -> true;
            case DEFAULT -> !data.isEmpty();
            case JSON -> !data.isEmpty() && firstToken(data) != null;
            case JSON_OBJECT -> !data.isEmpty() && firstToken(data) == JsonToken.START_OBJECT;
        };
    }

    /** The first token of a complete, single JSON value, or null when the bytes are not one. */
    private static JsonToken firstToken(ByteString data) {
        try (JsonParser p = JSON.createParser(data.toByteArray())) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return null;
            }
            p.skipChildren();
            return p.nextToken() == null ? first : null;
        } catch (IOException e) {
            return null;
        }
    }
}
