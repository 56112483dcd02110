package io.xshathra.engine.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.engine.config.ChannelConfig;
import io.xshathra.engine.config.ChannelOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Namespace resolution and channel name rules (spec 6.1, 6.2). */
class ChannelRulesTest {
    private static final ChannelOptions WITHOUT_NS = options(b -> b.presence = false);
    private static final ChannelOptions CHAT = options(b -> b.presence = true);
    private static final ChannelOptions DIALOGS = options(b -> b.allowUserLimitedChannels = true);
    private static final ChannelOptions STRICT = options(b -> b.channelRegex = Pattern.compile("^[a-z]+$"));
    private static final ChannelOptions DIGITS = options(b -> b.channelRegex = Pattern.compile("[0-9]"));
    private static final ChannelOptions LETTERS = options(b -> b.channelRegex = Pattern.compile("^\\p{L}+$"));

    private static ChannelOptions options(java.util.function.Consumer<ChannelOptions.Builder> c) {
        ChannelOptions.Builder b = ChannelOptions.builder();
        c.accept(b);
        return b.build();
    }

    private static ChannelRules rules() {
        Map<String, ChannelOptions> ns = new LinkedHashMap<>();
        ns.put("chat", CHAT);
        ns.put("dialogs", DIALOGS);
        ns.put("strict", STRICT);
        ns.put("digits", DIGITS);
        ns.put("letters", LETTERS);
        return new ChannelRules(ChannelConfig.defaults().withNamespaces(WITHOUT_NS, ns));
    }

    private static ChannelRules custom(String privatePrefix, String boundary, String userBoundary, String separator,
                                       int maxLength) {
        Map<String, ChannelOptions> ns = Map.of("chat", CHAT, "dialogs", DIALOGS);
        return new ChannelRules(new ChannelConfig(WITHOUT_NS, ns, Duration.ofHours(720), maxLength, privatePrefix,
                boundary, userBoundary, separator));
    }

    @Nested
    class Resolution {
        @Test
        void channelWithoutBoundaryUsesWithoutNamespace() {
            ResolvedChannel rc = rules().resolve("news");
            assertThat(rc).isEqualTo(new ResolvedChannel("news", "", "news", WITHOUT_NS, false));
        }

        @Test
        void namespaceIsThePartBeforeTheFirstBoundary() {
            ResolvedChannel rc = rules().resolve("chat:room:1");
            assertThat(rc.namespace()).isEqualTo("chat");
            assertThat(rc.rest()).isEqualTo("room:1");
            assertThat(rc.options()).isSameAs(CHAT);
            assertThat(rc.isPrivate()).isFalse();
            assertThat(rc.channel()).isEqualTo("chat:room:1");
        }

        @Test
        void privatePrefixIsStrippedBeforeResolution() {
            ResolvedChannel rc = rules().resolve("$chat:secret");
            assertThat(rc.namespace()).isEqualTo("chat");
            assertThat(rc.rest()).isEqualTo("secret");
            assertThat(rc.options()).isSameAs(CHAT);
            assertThat(rc.isPrivate()).isTrue();
            assertThat(rc.channel()).isEqualTo("$chat:secret");
        }

        @Test
        void privateChannelWithoutNamespaceKeepsThePrefixInRest() {
            // Reference quirk: without a boundary, rest is the whole channel including "$".
            ResolvedChannel rc = rules().resolve("$news");
            assertThat(rc).isEqualTo(new ResolvedChannel("$news", "", "$news", WITHOUT_NS, true));
        }

        @Test
        void unknownNamespaceResolvesToNull() {
            assertThat(rules().resolve("unknown:room")).isNull();
            assertThat(rules().resolve("$unknown:room")).isNull();
            assertThat(rules().resolve("Chat:room")).isNull();
        }

        @Test
        void emptyNamespaceBeforeTheBoundaryMeansWithoutNamespace() {
            // Centrifugo: namespace "" selects channel.without_namespace, even when a boundary is present.
            ResolvedChannel rc = rules().resolve(":room");
            assertThat(rc).isNotNull();
            assertThat(rc.namespace()).isEmpty();
            assertThat(rc.rest()).isEqualTo("room");
            assertThat(rc.options()).isSameAs(WITHOUT_NS);
        }

        @Test
        void userLimitedNamespaceChannel() {
            ResolvedChannel rc = rules().resolve("dialogs:dialog#1,2");
            assertThat(rc.namespace()).isEqualTo("dialogs");
            assertThat(rc.rest()).isEqualTo("dialog#1,2");
        }

        @Test
        void customBoundariesAndPrefix() {
            ChannelRules r = custom("private-", "/", "@", ";", 255);
            ResolvedChannel rc = r.resolve("private-chat/room:1");
            assertThat(rc.namespace()).isEqualTo("chat");
            assertThat(rc.rest()).isEqualTo("room:1");
            assertThat(rc.isPrivate()).isTrue();
            assertThat(r.resolve("chat:room").namespace()).isEmpty();
            assertThat(r.resolve("chat:room").options()).isSameAs(WITHOUT_NS);
            assertThat(r.resolve("$chat/room")).as("\"$\" is no prefix here: namespace \"$chat\"").isNull();
        }

        @Test
        void multiCharacterBoundary() {
            ChannelRules r = custom("$", "::", "#", ",", 255);
            ResolvedChannel rc = r.resolve("chat::a:b");
            assertThat(rc.namespace()).isEqualTo("chat");
            assertThat(rc.rest()).isEqualTo("a:b");
            assertThat(r.resolve("chat:a").namespace()).isEmpty();
        }
    }

    @Nested
    class Length {
        @Test
        void lengthIsCountedInUtf8Bytes() {
            ChannelRules r = rules();
            assertThat(r.lengthOk("a".repeat(255))).isTrue();
            assertThat(r.lengthOk("a".repeat(256))).isFalse();
            // "é" is two bytes in UTF-8: 127 of them plus one ASCII char make 255 bytes.
            assertThat(r.lengthOk("é".repeat(127) + "a")).isTrue();
            assertThat(r.lengthOk("é".repeat(128))).isFalse();
            // A 4-byte code point (a surrogate pair in Java) counts 4.
            assertThat(r.lengthOk("\uD83D\uDE00".repeat(63) + "abc")).isTrue();
            assertThat(r.lengthOk("\uD83D\uDE00".repeat(64))).isFalse();
        }

        @Test
        void customMaxLength() {
            ChannelRules r = custom("$", ":", "#", ",", 4);
            assertThat(r.lengthOk("abcd")).isTrue();
            assertThat(r.lengthOk("abcde")).isFalse();
            assertThat(r.lengthOk("éé")).isTrue();
            assertThat(r.lengthOk("ééa")).isFalse();
        }
    }

    @Nested
    class Names {
        @ParameterizedTest
        @CsvSource({
                "news, true",
                "news-1_2.3, true",
                "chat:room, true",
                "news-ü, false",
                "chat:комната, false",
                "strict:abc, true",
                "strict:abc1, false",
                "strict:Abc, false",
                "digits:abc1def, true",
                "digits:abcdef, false",
                "letters:комната, true",
                "letters:room1, false",
        })
        void regexOrAscii(String channel, boolean ok) {
            ChannelRules r = rules();
            assertThat(r.nameOk(r.resolve(channel))).isEqualTo(ok);
        }

        @Test
        void spacesAreAllowedAndControlCharactersRefusedEverywhere() {
            ChannelRules r = rules();
            assertThat(r.validate("chat:room 1")).isEqualTo(ChannelRules.Verdict.VALID);
            for (String bad : new String[] {"chat:a\nb", "chat:a\tb", "chat:\u001b[31m", "chat:a\u007f", "letters:ab\rc"}) {
                assertThat(r.validate(bad)).as(bad).isEqualTo(ChannelRules.Verdict.INVALID_NAME);
                assertThat(r.wellFormed(bad)).as("server API: " + bad).isFalse();
            }
            assertThat(r.wellFormed("unknown:a b")).isTrue();
        }

        @Test
        void regexIsMatchedAgainstTheRestOnly() {
            ChannelRules r = rules();
            // the namespace "strict" itself would match ^[a-z]+$ but "strict:abc:def" has rest "abc:def".
            assertThat(r.nameOk(r.resolve("strict:abc:def"))).isFalse();
            assertThat(r.nameOk(r.resolve("$strict:abc"))).isTrue();
        }
    }

    @Nested
    class UserLimited {
        @Test
        void usersAfterTheBoundaryAreAllowed() {
            ChannelRules r = rules();
            ResolvedChannel rc = r.resolve("dialogs:dialog#42,43");
            assertThat(r.isUserLimited(rc)).isTrue();
            assertThat(r.userAllowed(rc, "42")).isTrue();
            assertThat(r.userAllowed(rc, "43")).isTrue();
            assertThat(r.userAllowed(rc, "4")).isFalse();
            assertThat(r.userAllowed(rc, "42,43")).isFalse();
            assertThat(r.userAllowed(rc, "44")).isFalse();
        }

        @Test
        void onlyTheLastUserBoundaryCounts() {
            ChannelRules r = rules();
            ResolvedChannel rc = r.resolve("dialogs:a#1,2#3");
            assertThat(r.userAllowed(rc, "3")).isTrue();
            assertThat(r.userAllowed(rc, "1")).isFalse();
            assertThat(r.userAllowed(rc, "2#3")).isFalse();
        }

        @Test
        void emptyUserIsNeverAllowed() {
            ChannelRules r = rules();
            assertThat(r.userAllowed(r.resolve("dialogs:news#"), "")).isFalse();
            assertThat(r.userAllowed(r.resolve("dialogs:news#,1"), "")).isFalse();
            assertThat(r.userAllowed(r.resolve("dialogs:news#1,"), "")).isFalse();
        }

        @Test
        void singleUser() {
            ChannelRules r = rules();
            ResolvedChannel rc = r.resolve("dialogs:news#42");
            assertThat(r.userAllowed(rc, "42")).isTrue();
            assertThat(r.userAllowed(rc, "43")).isFalse();
        }

        @Test
        void withoutTheOptionTheBoundaryHasNoMeaning() {
            ChannelRules r = rules();
            ResolvedChannel chat = r.resolve("chat:dialog#42,43");
            assertThat(r.isUserLimited(chat)).isFalse();
            assertThat(r.isUserLimited(r.resolve("news#42"))).isFalse();
            assertThat(r.isUserLimited(r.resolve("dialogs:no-boundary"))).isFalse();
        }

        @Test
        void customUserBoundaryAndSeparator() {
            ChannelRules r = custom("$", ":", "@", ";", 255);
            ResolvedChannel rc = r.resolve("dialogs:d@1;2");
            assertThat(r.isUserLimited(rc)).isTrue();
            assertThat(r.userAllowed(rc, "1")).isTrue();
            assertThat(r.userAllowed(rc, "2")).isTrue();
            assertThat(r.isUserLimited(r.resolve("dialogs:d#1,2"))).isFalse();
        }
    }
}
