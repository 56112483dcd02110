package io.xshathra.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors;
import io.xshathra.grpc.api.CentrifugoApiProto;
import io.xshathra.grpc.proxy.CentrifugoProxyProto;
import io.xshathra.grpc.unistream.CentrifugoUniStreamProto;
import org.junit.jupiter.api.Test;

/**
 * The wire names and numbers clients depend on: the service and method names, and a sample of
 * field numbers of each file, as Centrifugo v6.9.1 defines them.
 */
class ProtoContractTest {

    private static int number(Descriptors.FileDescriptor file, String message, String field) {
        return file.findMessageTypeByName(message).findFieldByName(field).getNumber();
    }

    @Test
    void apiService() {
        Descriptors.FileDescriptor f = CentrifugoApiProto.getDescriptor();
        assertThat(f.getPackage()).isEqualTo("centrifugal.centrifugo.api");
        Descriptors.ServiceDescriptor s = f.findServiceByName("CentrifugoApi");
        assertThat(s.getMethods()).extracting(Descriptors.MethodDescriptor::getName).startsWith("Batch", "Publish",
                "Broadcast", "Subscribe", "Unsubscribe", "Disconnect", "Presence", "PresenceStats", "History",
                "HistoryRemove", "Info", "RPC", "Refresh", "Channels").contains("MapPublish", "MapRemove");
        assertThat(number(f, "Command", "publish")).isEqualTo(4);
        assertThat(number(f, "Command", "channels")).isEqualTo(16);
        assertThat(number(f, "Command", "map_publish")).isEqualTo(36);
        assertThat(number(f, "Reply", "error")).isEqualTo(2);
        assertThat(number(f, "PublishRequest", "idempotency_key")).isEqualTo(6);
        assertThat(number(f, "SubscribeRequest", "recover_since")).isEqualTo(9);
        assertThat(number(f, "Publication", "data")).isEqualTo(2);
        assertThat(number(f, "NodeResult", "num_subs")).isEqualTo(10);
    }

    @Test
    void uniStreamService() {
        Descriptors.FileDescriptor f = CentrifugoUniStreamProto.getDescriptor();
        assertThat(f.getPackage()).isEqualTo("centrifugal.centrifugo.unistream");
        Descriptors.MethodDescriptor consume = f.findServiceByName("CentrifugoUniStream").findMethodByName("Consume");
        assertThat(consume.isServerStreaming()).isTrue();
        assertThat(consume.getOutputType().getName()).isEqualTo("Push");
        // The numbers of the client protocol, so the session's encoded pushes are valid stream messages.
        assertThat(number(f, "Push", "pub")).isEqualTo(4);
        assertThat(number(f, "Push", "connect")).isEqualTo(10);
        assertThat(number(f, "Push", "disconnect")).isEqualTo(11);
        assertThat(number(f, "SubscribeRequest", "offset")).isEqualTo(7);
        assertThat(number(f, "ConnectRequest", "headers")).isEqualTo(6);
    }

    @Test
    void proxyService() {
        Descriptors.FileDescriptor f = CentrifugoProxyProto.getDescriptor();
        assertThat(f.getPackage()).isEqualTo("centrifugal.centrifugo.proxy");
        assertThat(f.findServiceByName("CentrifugoProxy").getMethods()).extracting(Descriptors.MethodDescriptor::getName)
                .contains("Connect", "Refresh", "Subscribe", "Publish", "RPC", "SubRefresh");
        assertThat(number(f, "ConnectRequest", "b64data")).isEqualTo(11);
        assertThat(number(f, "ConnectResponse", "disconnect")).isEqualTo(3);
    }
}
