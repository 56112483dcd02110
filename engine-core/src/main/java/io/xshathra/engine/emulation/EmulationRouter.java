package io.xshathra.engine.emulation;

import java.util.concurrent.CompletionStage;

/**
 * Delivers a command frame that arrived at the emulation endpoint to the connection it belongs
 * to. HTTP-streaming and SSE clients send their commands on separate HTTP requests, which may
 * reach any node; the router finds the node holding the session. {@link LocalEmulationRouter}
 * serves a single node; a multi-node router forwards to the node named in the request (over the
 * nodes' control channel) and answers with what that node answered.
 *
 * <p>Thread-safe; the returned stage may complete on any thread.
 */
public interface EmulationRouter {

    /** What became of one emulation request. */
    enum Outcome {
        /** Handed to the session, which decodes and runs the frame on its own event loop. */
        DELIVERED,
        /** The request names a node this router cannot reach. */
        UNKNOWN_NODE,
        /** The node has no such session (it closed, or never existed). */
        UNKNOWN_SESSION
    }

    /**
     * Routes one frame.
     *
     * @param node    the node id from the connect result
     * @param session the session id from the connect result
     * @param frame   the command frame, encoded as the connection's protocol (JSON lines or
     *                varint-delimited Protobuf); decode errors are the session's business
     *                (disconnect 3501), never the caller's
     */
    CompletionStage<Outcome> route(String node, String session, byte[] frame);
}
