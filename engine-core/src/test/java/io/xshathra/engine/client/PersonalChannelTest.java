package io.xshathra.engine.client;

import static io.xshathra.engine.client.TestEngine.options;
import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.engine.config.PersonalChannel;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.proto.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code client.subscribe_to_user_personal_channel}: the server-side personal subscription and single connection. */
class PersonalChannelTest {
    private TestEngine engine;

    private void start(PersonalChannel personal) {
        engine = new TestEngine(TestEngine.config(TestEngine.namespaces(
                "personal", options(b -> b.presence = true),
                "other", options(b -> b.presence = false)),
                c -> TestEngine.client(c, true, false, 300).withPersonalChannel(personal)));
    }

    @AfterEach
    void stop() {
        String violation = engine.violations();
        engine.close();
        assertThat(violation).as("transport contract").isNull();
    }

    @Test
    void aUserIsSubscribedToThePersonalChannelOnConnect() {
        start(new PersonalChannel(true, "personal", false));
        TestClient c = engine.connected("42");
        engine.publish("personal:#42", 1);
        assertThat(c.push().getPub().getData().toStringUtf8()).isEqualTo("{\"n\":1}");
        TestClient again = engine.newClient();
        Reply r = again.connect(TestEngine.token("42"));
        assertThat(r.getConnect().getSubsMap()).containsOnlyKeys("personal:#42");
        engine.publish("personal:#42", 2);
        assertThat(c.push().getPub().getData().toStringUtf8()).isEqualTo("{\"n\":2}");
        assertThat(again.push().getPub().getData().toStringUtf8()).isEqualTo("{\"n\":2}");
    }

    @Test
    void anonymousConnectionsGetNoPersonalChannel() {
        start(new PersonalChannel(true, "personal", false));
        TestClient anon = engine.newClient();
        assertThat(anon.connect("").getConnect().getSubsMap()).isEmpty();
    }

    @Test
    void withoutANamespaceThePersonalChannelIsTopLevelAndAMissingNamespaceIsError102() {
        start(new PersonalChannel(true, "", false));
        TestClient c = engine.newClient();
        assertThat(c.connect(TestEngine.token("7")).getConnect().getSubsMap()).containsOnlyKeys("#7");
        stop();
        start(new PersonalChannel(true, "nope", false));
        TestClient refused = engine.newClient();
        Reply r = refused.call(io.xshathra.protocol.proto.Command.newBuilder().setConnect(
                io.xshathra.protocol.proto.ConnectRequest.newBuilder().setToken(TestEngine.token("7"))));
        assertThat(r.getError().getCode()).isEqualTo(102);
    }

    @Test
    void singleConnectionDisconnectsTheOlderConnectionsOfTheUser() {
        start(new PersonalChannel(true, "personal", true));
        TestClient first = engine.connected("5");
        TestClient otherUser = engine.connected("6");
        TestClient second = engine.newClient();
        assertThat(second.connect(TestEngine.token("5")).getConnect().getSubsMap()).containsKey("personal:#5");
        assertThat(first.awaitClose()).isEqualTo(Disconnect.CONNECTION_LIMIT);
        engine.publish("personal:#5", 3);
        assertThat(second.push().getPub().getData().toStringUtf8()).isEqualTo("{\"n\":3}");
        engine.publish("personal:#6", 4);
        assertThat(otherUser.push().getPub().getData().toStringUtf8()).isEqualTo("{\"n\":4}");
    }
}
