package io.xshathra.protocol.json;

import static io.xshathra.protocol.json.ProtoJsonFixtures.MAPPER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.ProtocolException;
import io.xshathra.protocol.proto.Command;
import io.xshathra.protocol.proto.Publication;
import io.xshathra.protocol.proto.Push;
import io.xshathra.protocol.proto.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Seeded, bounded property and fuzz tests of the JSON codec. */
class JsonCodecPropertyTest {
    private static final JsonCodec CODEC = JsonCodec.INSTANCE;
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final String FRAME_BYTES = "{}[]\":,\\ 01-.etrufalsn\n\"ab";
    private static final String MUTATION_BYTES = "{}[]\",:\\0-e \n";
    private static final String PAYLOAD_BYTES = "{}[]\":,1 \n\"a";
    private static final String[] TOKENS = {"{", "}", "[", "]", ",", ":", "\"id\"", "\"connect\"", "\"data\"",
        "\"", "\\", "\\u00", "\\n", "1", "-", "0", ".", "e", "+", "true", "false", "null", "nul", " ", "\n",
        "\t", "é", "\"a\"", "{\"id\":1}", "12345678901234567890"};

    @Test
    void randomBytesDecodeOrFailWithBadRequest() {
        Random r = new Random(1);
        for (int i = 0; i < 20_000; i++) {
            byte[] frame = new byte[r.nextInt(40)];
            if (r.nextBoolean()) {
                r.nextBytes(frame);
            } else {
                for (int j = 0; j < frame.length; j++) {
                    frame[j] = (byte) FRAME_BYTES.charAt(r.nextInt(FRAME_BYTES.length()));
                }
            }
            decodeOrBadRequest(frame);
        }
    }

    @Test
    void mutatedValidFramesDecodeOrFailWithBadRequest() {
        Random r = new Random(2);
        List<byte[]> corpus = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Command c = (Command) ProtoJsonFixtures.random(Command.newBuilder(), r, 4, 0.4, false);
            corpus.add(ProtoJsonFixtures.toJson(c, r).getBytes(StandardCharsets.UTF_8));
        }
        int decoded = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] frame = mutate(corpus.get(r.nextInt(corpus.size())), r);
            decoded += decodeOrBadRequest(frame) ? 1 : 0;
        }
        assertThat(decoded).as("some mutants stay valid").isPositive();
    }

    private static byte[] mutate(byte[] in, Random r) {
        byte[] out = in.clone();
        for (int n = 1 + r.nextInt(3); n > 0 && out.length > 0; n--) {
            int at = r.nextInt(out.length);
            switch (r.nextInt(5)) {
                case 0 -> out[at] = (byte) r.nextInt(256);
                case 1 -> out[at] = (byte) MUTATION_BYTES.charAt(r.nextInt(MUTATION_BYTES.length()));
                case 2 -> out = java.util.Arrays.copyOf(out, at);
                case 3 -> {
                    byte[] cut = new byte[out.length - 1];
                    System.arraycopy(out, 0, cut, 0, at);
                    System.arraycopy(out, at + 1, cut, at, out.length - at - 1);
                    out = cut;
                }
                default -> {
                    byte[] grown = new byte[out.length + 1];
                    System.arraycopy(out, 0, grown, 0, at);
                    grown[at] = out[r.nextInt(out.length)];
                    System.arraycopy(out, at, grown, at + 1, out.length - at);
                    out = grown;
                }
            }
        }
        return out;
    }

    /** Whether the frame decoded; fails the test for anything but a plain 3501. */
    private static boolean decodeOrBadRequest(byte[] frame) {
        try {
            CODEC.decodeCommands(frame);
            return true;
        } catch (ProtocolException e) {
            assertThat(e.disconnect()).isEqualTo(Disconnect.BAD_REQUEST);
            if (e.getCause() != null) {
                fail("unexpected exception for " + new String(frame, StandardCharsets.ISO_8859_1), e.getCause());
            }
            return false;
        }
    }

    @Test
    void validatorAgreesWithJackson() {
        Random r = new Random(3);
        int valid = 0;
        for (int i = 0; i < 10_000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int n = 1 + r.nextInt(10); n > 0; n--) {
                sb.append(TOKENS[r.nextInt(TOKENS.length)]);
            }
            String text = i % 3 == 0 ? ProtoJsonFixtures.PAYLOADS.get(r.nextInt(13)) + sb : sb.toString();
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            boolean ours = JsonReader.isValidValue(bytes, 0, bytes.length);
            assertThat(ours).as(text).isEqualTo(jacksonAccepts(bytes));
            valid += ours ? 1 : 0;
        }
        for (String payload : ProtoJsonFixtures.PAYLOADS) {
            byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
            assertThat(JsonReader.isValidValue(bytes, 0, bytes.length)).as(payload).isTrue();
        }
        assertThat(valid).isGreaterThan(30);
    }

    private static boolean jacksonAccepts(byte[] bytes) {
        try {
            return !STRICT.readTree(bytes).isMissingNode();
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void randomCommandsRoundTripThroughJsonText() throws Exception {
        Random r = new Random(4);
        for (int i = 0; i < 1_500; i++) {
            List<Command> commands = new ArrayList<>();
            for (int n = 1 + r.nextInt(3); n > 0; n--) {
                commands.add((Command) ProtoJsonFixtures.random(Command.newBuilder(), r, 4, 0.3, false));
            }
            String frame = commands.stream().map(c -> ProtoJsonFixtures.toJson(c, r))
                    .collect(Collectors.joining("\n", "", r.nextBoolean() ? "\n" : ""));
            assertThat(CODEC.decodeCommands(frame.getBytes(StandardCharsets.UTF_8))).as(frame)
                    .isEqualTo(commands);
        }
    }

    @Test
    void randomRepliesEncodeToTheSpecifiedJson() throws Exception {
        Random r = new Random(5);
        for (int i = 0; i < 1_000; i++) {
            Reply reply = (Reply) ProtoJsonFixtures.random(Reply.newBuilder(), r, 4, 0.3, true);
            byte[] encoded = CODEC.encodeReply(reply);
            assertThat(encoded).doesNotContain((byte) '\n');
            JsonNode actual = STRICT.readTree(encoded);
            String expected = MAPPER.writeValueAsString(ProtoJsonFixtures.expectedJson(reply));
            assertThat(MAPPER.writeValueAsString(actual)).as(reply::toString).isEqualTo(expected);
        }
    }

    @Test
    void randomPayloadsEncodeToValidJsonOrFailWithInappropriateProtocol() throws Exception {
        Random r = new Random(6);
        int rejected = 0;
        for (int i = 0; i < 5_000; i++) {
            byte[] payload = new byte[1 + r.nextInt(12)];
            if (r.nextBoolean()) {
                r.nextBytes(payload);
            } else {
                for (int j = 0; j < payload.length; j++) {
                    payload[j] = (byte) PAYLOAD_BYTES.charAt(r.nextInt(PAYLOAD_BYTES.length()));
                }
            }
            Reply reply = Reply.newBuilder().setPush(Push.newBuilder()
                    .setPub(Publication.newBuilder().setData(ByteString.copyFrom(payload)))).build();
            try {
                byte[] encoded = CODEC.encodeReply(reply);
                assertThat(jacksonAccepts(encoded)).as(new String(encoded, StandardCharsets.UTF_8)).isTrue();
            } catch (ProtocolException e) {
                assertThat(e.disconnect()).isEqualTo(Disconnect.INAPPROPRIATE_PROTOCOL);
                assertThat(jacksonAccepts(payload)).isFalse();
                rejected++;
            }
        }
        assertThat(rejected).isPositive().isLessThan(5_000);
    }
}
