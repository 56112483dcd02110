package io.xshathra.protocol.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Test-only machinery driven by protobuf descriptors, independent of the codec's hand-written
 * code: random messages, a JSON text writer for commands (raw payloads inserted verbatim) and
 * the expected JSON tree of a reply under the spec's omission rules.
 */
final class ProtoJsonFixtures {
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** Valid JSON payloads, with insignificant whitespace that must survive decoding. */
    static final List<String> PAYLOADS = List.of("{}", "[]", "null", "true", "0", "-1.5e-3", "\"s\"",
            "{\"text\":\"hi\"}", "{ \"a\" : [1, 2 ,{\"b\":null}] }", "[\t\"é😀\\u00e9\\n\", \r 3]",
            "\"\\\"quoted\\\\\"", "{\"deep\":[[[{}]]]}", "12345678901234567890123");

    /** Fields Centrifugo writes even when empty ("message.field"). */
    private static final Set<String> ALWAYS = Set.of("ClientInfo.user", "ClientInfo.client",
            "PresenceResult.presence", "PresenceStatsResult.num_clients", "PresenceStatsResult.num_users",
            "HistoryResult.publications", "HistoryResult.epoch", "HistoryResult.offset");

    private static final String[] CHARS = {"a", "Z", "0", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u0001",
        "\u001f", "\u007f", "é", "€", "😀", "\u2028", "<", "}", "{", ":", ","};

    private ProtoJsonFixtures() {
    }

    // ---- random messages -------------------------------------------------------------------

    /** Fills {@code b}: each field set with probability {@code p}, nesting up to {@code depth}. */
    static Message random(Message.Builder b, Random r, int depth, double p, boolean newlines) {
        for (FieldDescriptor fd : b.getDescriptorForType().getFields()) {
            if (r.nextDouble() >= p) {
                continue;
            }
            if (fd.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                if (depth == 0) {
                    continue;
                }
                int n = fd.isRepeated() ? r.nextInt(3) : 1;
                for (int i = 0; i < n; i++) {
                    Message value = random(b.newBuilderForField(fd), r, depth - 1, 0.5, newlines);
                    if (fd.isRepeated()) {
                        b.addRepeatedField(fd, value);
                    } else {
                        b.setField(fd, value);
                    }
                }
            } else if (fd.isRepeated()) {
                for (int i = r.nextInt(3); i > 0; i--) {
                    b.addRepeatedField(fd, scalar(fd, r, newlines));
                }
            } else {
                b.setField(fd, scalar(fd, r, newlines));
            }
        }
        return b.build();
    }

    private static Object scalar(FieldDescriptor fd, Random r, boolean newlines) {
        return switch (fd.getJavaType()) {
            case STRING -> randomString(r);
            case BOOLEAN -> r.nextBoolean();
            case INT -> r.nextInt(4) == 0 ? r.nextInt() : r.nextInt(100);
            case LONG -> switch (r.nextInt(4)) {
                case 0 -> r.nextLong();
                case 1 -> r.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE;
                case 2 -> -1L;
                default -> (long) r.nextInt(1000);
            };
            case BYTE_STRING -> {
                String payload = PAYLOADS.get(r.nextInt(PAYLOADS.size()));
                if (!newlines && payload.equals("null")) {
                    payload = "[null]"; // in a command, "data":null means no data at all
                }
                yield ByteString.copyFromUtf8(newlines && r.nextBoolean() ? "\n " + payload + "\n" : payload);
            }
            default -> throw new IllegalStateException("no generator for " + fd);
        };
    }

    static String randomString(Random r) {
        StringBuilder sb = new StringBuilder();
        for (int i = r.nextInt(8); i > 0; i--) {
            sb.append(CHARS[r.nextInt(CHARS.length)]);
        }
        return sb.toString();
    }

    // ---- commands as JSON text -------------------------------------------------------------

    /**
     * Writes a message as a client might: snake_case names, raw payloads verbatim, random
     * whitespace, and randomly added unknown members, explicit defaults and nulls.
     */
    static String toJson(Message m, Random r) {
        StringBuilder sb = new StringBuilder();
        writeMessage(sb, m, r);
        return sb.toString();
    }

    private static void writeMessage(StringBuilder sb, Message m, Random r) {
        sb.append('{');
        boolean first = true;
        for (FieldDescriptor fd : m.getDescriptorForType().getFields()) {
            boolean present = fd.isRepeated() ? m.getRepeatedFieldCount(fd) > 0 : m.hasField(fd);
            // An absent message or payload can only be spelled null; other defaults also literally.
            boolean nullOnly = !fd.isRepeated() && (fd.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                    || fd.getJavaType() == FieldDescriptor.JavaType.BYTE_STRING);
            if (!present && !(r.nextInt(8) == 0)) {
                continue;
            }
            first = separator(sb, first, r);
            sb.append('"').append(fd.getName()).append("\":").append(ws(r));
            if (!present && (nullOnly || r.nextBoolean())) {
                sb.append("null");
            } else {
                writeValue(sb, fd, m.getField(fd), r);
            }
        }
        if (r.nextInt(4) == 0) {
            separator(sb, first, r);
            sb.append("\"unknown_").append(r.nextInt(9)).append("\":")
                    .append(PAYLOADS.get(r.nextInt(PAYLOADS.size())));
        }
        sb.append(ws(r)).append('}');
    }

    private static boolean separator(StringBuilder sb, boolean first, Random r) {
        if (!first) {
            sb.append(',');
        }
        sb.append(ws(r));
        return false;
    }

    private static String ws(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> " ";
            case 1 -> "\t \r";
            default -> "";
        };
    }

    private static void writeValue(StringBuilder sb, FieldDescriptor fd, Object value, Random r) {
        if (fd.isMapField()) {
            sb.append('{');
            boolean first = true;
            for (Object o : (List<?>) value) {
                Message entry = (Message) o;
                FieldDescriptor k = entry.getDescriptorForType().findFieldByName("key");
                FieldDescriptor v = entry.getDescriptorForType().findFieldByName("value");
                first = separator(sb, first, r);
                sb.append(quote((String) entry.getField(k))).append(':');
                writeSingle(sb, v, entry.getField(v), r);
            }
            sb.append('}');
        } else if (fd.isRepeated()) {
            sb.append('[');
            List<?> list = (List<?>) value;
            for (int i = 0; i < list.size(); i++) {
                sb.append(i > 0 ? "," : "").append(ws(r));
                writeSingle(sb, fd, list.get(i), r);
            }
            sb.append(']');
        } else {
            writeSingle(sb, fd, value, r);
        }
    }

    private static void writeSingle(StringBuilder sb, FieldDescriptor fd, Object value, Random r) {
        switch (fd.getType()) {
            case MESSAGE -> writeMessage(sb, (Message) value, r);
            case STRING -> sb.append(quote((String) value));
            case BYTES -> sb.append(((ByteString) value).toStringUtf8());
            case UINT32 -> sb.append(Integer.toUnsignedString((Integer) value));
            case UINT64 -> sb.append(Long.toUnsignedString((Long) value));
            default -> sb.append(value);
        }
    }

    private static String quote(String s) {
        try {
            return MAPPER.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- expected reply JSON ---------------------------------------------------------------

    /** The JSON tree the spec prescribes for a message (field order = proto order). */
    static ObjectNode expectedJson(Message m) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        String type = m.getDescriptorForType().getName();
        for (FieldDescriptor fd : m.getDescriptorForType().getFields()) {
            boolean always = ALWAYS.contains(type + "." + fd.getName());
            if (fd.isMapField()) {
                ObjectNode map = JsonNodeFactory.instance.objectNode();
                for (Object o : (List<?>) m.getField(fd)) {
                    Message entry = (Message) o;
                    FieldDescriptor v = entry.getDescriptorForType().findFieldByName("value");
                    map.set((String) entry.getField(entry.getDescriptorForType().findFieldByName("key")),
                            expectedValue(v, entry.getField(v)));
                }
                if (!map.isEmpty() || always) {
                    node.set(fd.getName(), map);
                }
            } else if (fd.isRepeated()) {
                var array = node.arrayNode();
                for (Object o : (List<?>) m.getField(fd)) {
                    array.add(expectedValue(fd, o));
                }
                if (!array.isEmpty() || always) {
                    node.set(fd.getName(), array);
                }
            } else if (fd.getJavaType() == FieldDescriptor.JavaType.MESSAGE ? m.hasField(fd)
                    : always || !m.getField(fd).equals(fd.getDefaultValue())) {
                node.set(fd.getName(), expectedValue(fd, m.getField(fd)));
            }
        }
        return node;
    }

    private static JsonNode expectedValue(FieldDescriptor fd, Object value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (fd.getType()) {
            case MESSAGE -> expectedJson((Message) value);
            case STRING -> f.textNode((String) value);
            case BOOL -> f.booleanNode((Boolean) value);
            case UINT32 -> f.numberNode(Integer.toUnsignedLong((Integer) value));
            case INT32 -> f.numberNode((Integer) value);
            case INT64, SINT64 -> f.numberNode((Long) value);
            case UINT64 -> f.numberNode(new BigInteger(Long.toUnsignedString((Long) value)));
            case BYTES -> readTree(((ByteString) value).toByteArray());
            default -> throw new IllegalStateException("unexpected type " + fd);
        };
    }

    static JsonNode readTree(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
