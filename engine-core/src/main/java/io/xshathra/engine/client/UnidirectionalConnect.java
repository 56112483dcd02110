package io.xshathra.engine.client;

import io.xshathra.protocol.ClientError;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.proto.Connect;
import io.xshathra.protocol.proto.ConnectResult;
import io.xshathra.protocol.proto.Push;

/**
 * How a connect ends on a unidirectional transport, where the client cannot read replies: the
 * result becomes a {@code connect} push, and a client error becomes a disconnect (an expired
 * connection or token expires the connection, too many requests and permission denied keep their
 * meaning, anything else is an internal error).
 */
final class UnidirectionalConnect {
    private UnidirectionalConnect() {
    }

    static void apply(ClientSession s, CommandOutcome outcome) {
        if (outcome.error() != null) {
            s.disconnect(disconnectFor(outcome.error()));
            return;
        }
        if (outcome.reply() == null || !outcome.reply().hasConnect()) {
            s.disconnect(Disconnect.SERVER_ERROR);
            return;
        }
        s.writePush(Push.newBuilder().setConnect(connectPush(outcome.reply().getConnect())).build());
        if (outcome.afterWrite() != null && s.isConnected()) {
            outcome.afterWrite().run();
        }
    }

    static Disconnect disconnectFor(ClientError e) {
        int code = e.code();
        if (code == ClientError.TOKEN_EXPIRED.code() || code == ClientError.EXPIRED.code()) {
            return Disconnect.EXPIRED;
        }
        if (code == ClientError.TOO_MANY_REQUESTS.code()) {
            return Disconnect.TOO_MANY_REQUESTS;
        }
        if (code == ClientError.PERMISSION_DENIED.code()) {
            return Disconnect.PERMISSION_DENIED;
        }
        return Disconnect.SERVER_ERROR;
    }

    /** The connect push carries the connect result's fields; pong is never set. */
    static Connect connectPush(ConnectResult r) {
        Connect.Builder b = Connect.newBuilder().setClient(r.getClient()).setVersion(r.getVersion())
                .setData(r.getData()).putAllSubs(r.getSubsMap()).setExpires(r.getExpires()).setTtl(r.getTtl())
                .setPing(r.getPing()).setSession(r.getSession()).setNode(r.getNode()).setTime(r.getTime());
        return b.build();
    }
}
