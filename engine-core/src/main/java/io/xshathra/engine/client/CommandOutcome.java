package io.xshathra.engine.client;

import io.xshathra.protocol.ClientError;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.proto.Reply;

/**
 * What a command handler decided: a reply, a client error, a disconnect, or nothing (for
 * commands that have no reply). {@code afterWrite} runs on the connection's event loop right
 * after the reply was queued (for example: flush buffered publications, publish a join).
 */
public record CommandOutcome(Reply.Builder reply, ClientError error, Disconnect disconnect, Runnable afterWrite) {

    private static final CommandOutcome NONE = new CommandOutcome(null, null, null, null);

    public static CommandOutcome reply(Reply.Builder reply) {
        return new CommandOutcome(reply, null, null, null);
    }

    public static CommandOutcome reply(Reply.Builder reply, Runnable afterWrite) {
        return new CommandOutcome(reply, null, null, afterWrite);
    }

    public static CommandOutcome error(ClientError error) {
        return new CommandOutcome(null, error, null, null);
    }

    public static CommandOutcome disconnect(Disconnect disconnect) {
        return new CommandOutcome(null, null, disconnect, null);
    }

    public static CommandOutcome none() {
        return NONE;
    }
}
