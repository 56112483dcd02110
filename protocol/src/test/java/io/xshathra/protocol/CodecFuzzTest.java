package io.xshathra.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.protocol.fuzz.CommandCorpus;
import io.xshathra.protocol.fuzz.FuzzTarget;
import io.xshathra.protocol.fuzz.Mutation;
import io.xshathra.protocol.proto.Command;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * Fuzzes both client codecs' {@code decodeCommands}, the first thing a client's bytes meet:
 * random bytes, bytes from the format's own alphabet, and valid frames (JSON lines, newline
 * batches, varint-delimited Protobuf) mutated at byte level. Every input must decode to at least
 * one command or fail with a {@link ProtocolException} carrying 3501, within the per-input limit
 * ({@link FuzzTarget}). The build runs jqwik's default number of tries per target; the campaign
 * ({@code bench/fuzz.sh}) raises it with {@code -Djqwik.tries.default}.
 */
class CodecFuzzTest {
    private static final String JSON_ALPHABET = "{}[]\":,\\ 01-.+eEtrufalsn\n\r\tu\"idconecthsubpl";
    private static final List<byte[]> JSON_TOKENS = Mutation.utf8(CommandCorpus.JSON_TOKENS);
    /** Varint edge cases, tags of the command's fields, zero lengths. */
    private static final List<byte[]> PROTOBUF_TOKENS = Mutation.latin1(List.of("\0", "\u0001", "\u0008\u0001",
            "\"\0", "\u00ff\u00ff\u00ff\u00ff\u000f", "\u0080\u0080\u0080\u0080\u0080\u0080\u0080\u0080\u0080\u0001",
            "\u007f", "\u0012\0", "\n", "\"\u0005", "\u003a\u0080\u0001"));
    private FuzzTarget target;

    @AfterProperty
    void figures() {
        if (target != null) {
            target.close();
        }
    }

    private FuzzTarget target(String name) {
        if (target == null) {
            target = FuzzTarget.open(name);
        }
        return target;
    }

    @Property
    void jsonRandomBytes(@ForAll("randomBytes") byte[] frame) {
        decode(target("codec.json.random-bytes"), Codec.of(ProtocolType.JSON), frame);
    }

    @Property
    void jsonAlphabet(@ForAll("jsonAlphabet") byte[] frame) {
        decode(target("codec.json.alphabet"), Codec.of(ProtocolType.JSON), frame);
    }

    @Property
    void jsonMutatedFrames(@ForAll("jsonFrames") byte[] frame) {
        decode(target("codec.json.mutated-frames"), Codec.of(ProtocolType.JSON), frame);
    }

    @Property
    void protobufRandomBytes(@ForAll("randomBytes") byte[] frame) {
        decode(target("codec.protobuf.random-bytes"), Codec.of(ProtocolType.PROTOBUF), frame);
    }

    @Property
    void protobufMutatedFrames(@ForAll("protobufFrames") byte[] frame) {
        decode(target("codec.protobuf.mutated-frames"), Codec.of(ProtocolType.PROTOBUF), frame);
    }

    private static void decode(FuzzTarget t, Codec codec, byte[] frame) {
        if (!t.begin(frame)) {
            return;
        }
        String outcome;
        try {
            List<Command> commands = codec.decodeCommands(frame);
            assertThat(commands).isNotEmpty();
            outcome = "decoded";
        } catch (ProtocolException e) {
            assertThat(e.disconnect()).isEqualTo(Disconnect.BAD_REQUEST);
            outcome = "3501";
        }
        t.end(outcome);
    }

    @Provide
    Arbitrary<byte[]> randomBytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(256);
    }

    @Provide
    Arbitrary<byte[]> jsonAlphabet() {
        return Arbitraries.of(JSON_ALPHABET.toCharArray()).list().ofMaxSize(128).map(chars -> {
            byte[] b = new byte[chars.size()];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (char) chars.get(i);
            }
            return b;
        });
    }

    @Provide
    Arbitrary<byte[]> jsonFrames() {
        return Combinators.combine(Arbitraries.longs(), Mutation.edits(6)).as((seed, edits) ->
                Mutation.apply(CommandCorpus.jsonFrame(new Random(seed), "tok"), edits, JSON_TOKENS));
    }

    @Provide
    Arbitrary<byte[]> protobufFrames() {
        return Combinators.combine(Arbitraries.longs(), Mutation.edits(6)).as((seed, edits) ->
                Mutation.apply(CommandCorpus.protobufFrame(new Random(seed), "tok"), edits, PROTOBUF_TOKENS));
    }
}
