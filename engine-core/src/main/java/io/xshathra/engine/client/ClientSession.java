package io.xshathra.engine.client;

import io.xshathra.engine.hub.PreparedPush;
import io.xshathra.engine.metrics.EngineMetrics;
import io.xshathra.protocol.ClientError;
import io.xshathra.protocol.Codec;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.ProtocolException;
import io.xshathra.protocol.ProtocolType;
import io.xshathra.protocol.PushFormat;
import io.xshathra.protocol.proto.ClientInfo;
import io.xshathra.protocol.proto.Command;
import io.xshathra.protocol.proto.ConnectRequest;
import io.xshathra.protocol.proto.Push;
import io.xshathra.protocol.proto.Reply;
import io.xshathra.protocol.proto.Unsubscribe;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection's protocol state machine: decodes frames, runs commands strictly in
 * order (a command that completes asynchronously holds back the ones after it, unless
 * {@code client.concurrency} lets it run alongside them: {@link ConcurrentCommands}), writes
 * replies and pushes, and owns the connection's subscriptions and timers.
 *
 * <p>The commands waiting behind the running one are bounded by {@code client.command_queue_limit}:
 * at a quarter of it the session asks the transport to stop reading ({@link Transport#pauseReading()}),
 * and reading resumes once the queue is down to an eighth. Input that would pass the limit anyway
 * (one frame holding many commands, or emulation requests, which arrive on other connections)
 * closes the connection with {@link Disconnect#SLOW}: the client sends faster than it is served.
 *
 * <p>Threading: every method runs on the transport's event loop ({@link #executor()}); other
 * threads reach a session only through {@link #execute(Runnable)}.
 */
public final class ClientSession {
    private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);

    enum State { NEW, CONNECTED, UNUSABLE, CLOSED }

    final Commands commands;
    final SessionContext ctx;
    /** Read on every write: held here so the write path dereferences no more than before. */
    private final EngineMetrics metrics;
    final Transport transport;
    final Codec codec;
    final String id = UUID.randomUUID().toString();
    final Timers timers;
    private final Map<String, SubscriptionState> subs = new HashMap<>();
    private State state = State.NEW;
    private String user = "";
    private byte[] connInfo;
    private String projectId = "";
    /** Connected with a public client key: anonymous and never allowed to publish. */
    private boolean readOnly;
    /** Unix seconds when the connection expires; 0 = never. */
    private long expireAt;
    /** Server-side channels that came from the connection token. */
    private List<String> tokenChannels = List.of();
    /** Connection meta (raw JSON) from the connect proxy, sent to proxies that include it; or null. */
    private byte[] meta;
    /** The client's emulated headers (connect command) that some proxy forwards; empty when none. */
    private Map<String, String> emulatedHeaders = Map.of();
    private final ArrayDeque<Command> pending = new ArrayDeque<>();
    private final int queueLimit;
    private final int pauseMark;
    private final int resumeMark;
    private boolean processing;
    /** {@code client.concurrency} above 1: commands running side by side; null otherwise. */
    private final ConcurrentCommands concurrent;
    private boolean readingPaused;

    public ClientSession(Commands commands, Transport transport) {
        this.commands = commands;
        this.ctx = commands.ctx;
        this.metrics = ctx.metrics();
        this.transport = transport;
        this.codec = Codec.of(transport.protocol());
        this.queueLimit = ctx.config().client().commandQueueLimit();
        this.pauseMark = Math.max(1, queueLimit / 4);
        this.resumeMark = pauseMark / 2;
        int concurrency = ctx.config().client().tuning().concurrency();
        this.concurrent = concurrency > 1 ? new ConcurrentCommands(concurrency) : null;
        this.timers = new Timers(this);
        timers.startStale();
    }

    public String id() {
        return id;
    }

    public String user() {
        return user;
    }

    public String projectId() {
        return projectId;
    }

    /** The engine key of a channel in this connection's project space. */
    String key(String channel) {
        return io.xshathra.engine.channel.ChannelSpace.key(projectId, channel);
    }

    /** Connection info from the token, raw JSON or null. */
    public byte[] connInfo() {
        return connInfo;
    }

    public boolean isConnected() {
        return state == State.CONNECTED;
    }

    /** Where the session is in its life: connecting, connected, refused (unusable) or closed. */
    State state() {
        return state;
    }

    /** Not yet connected (no connect accepted, or an accepted one was undone). */
    boolean isNew() {
        return state == State.NEW;
    }

    /** Connected with a public client key: anonymous and never allowed to publish. */
    boolean readOnly() {
        return readOnly;
    }

    /** Unix seconds when the connection expires; 0 = never. */
    long expireAt() {
        return expireAt;
    }

    /** Connection meta (raw JSON) from the connect proxy, or null. */
    byte[] meta() {
        return meta;
    }

    /** The headers this connection's proxy calls may forward. */
    io.xshathra.engine.proxy.CallHeaders callHeaders() {
        return new io.xshathra.engine.proxy.CallHeaders(transport.headers(), transport.grpcMetadata(), emulatedHeaders);
    }

    /** Keeps the connect command's emulated headers that some proxy forwards (names lower-cased). */
    void keepEmulatedHeaders(Map<String, String> fromClient, java.util.Set<String> forwarded) {
        if (forwarded.isEmpty() || fromClient.isEmpty()) {
            return;
        }
        Map<String, String> out = new HashMap<>();
        fromClient.forEach((k, v) -> {
            String name = k.toLowerCase(java.util.Locale.ROOT);
            if (forwarded.contains(name)) {
                out.put(name, v);
            }
        });
        emulatedHeaders = Map.copyOf(out);
    }

    /** Server-side channels that came from the connection token. */
    List<String> tokenChannels() {
        return tokenChannels;
    }

    // ---------------------------------------------------------------- state transitions

    /**
     * Who an accepted connection is.
     *
     * @param user          user id ("" = anonymous)
     * @param projectId     project space ("" = the default space)
     * @param readOnly      connected with a public client key
     * @param connInfo      connection info from the token (raw JSON) or null
     * @param tokenChannels server-side channels the connection token named
     * @param expireAt      unix seconds when the connection expires, 0 = never
     * @param meta          connection meta (raw JSON) or null
     */
    record Authentication(String user, String projectId, boolean readOnly, byte[] connInfo,
                          List<String> tokenChannels, long expireAt, byte[] meta) {
    }

    /**
     * Connecting to connected: takes on the identity, joins the node's registry and starts the
     * connected timers (pings, expiry, the periodic tick).
     *
     * @throws IllegalStateException unless the session is still connecting
     */
    void authenticate(Authentication a) {
        requireState(State.NEW, "authenticate");
        user = a.user();
        projectId = a.projectId();
        readOnly = a.readOnly();
        connInfo = a.connInfo();
        tokenChannels = a.tokenChannels();
        expireAt = a.expireAt();
        meta = a.meta();
        state = State.CONNECTED;
        ctx.sessions().register(this);
        metrics.connected();
        timers.startConnected();
    }

    /**
     * Connected back to connecting: a server-side subscription of the connect failed, so the
     * connect is refused after all. Drops the subscriptions made so far and leaves the registry.
     * A session that closed meanwhile has nothing left to undo (closing did it).
     *
     * @throws IllegalStateException when the session is neither connected nor closed
     */
    void undoConnect() {
        if (state == State.CLOSED) {
            return;
        }
        requireState(State.CONNECTED, "undo a connect");
        state = State.NEW;
        for (String ch : List.copyOf(subs.keySet())) {
            commands.unsubscribe.remove(this, ch);
        }
        ctx.sessions().unregister(this);
    }

    /**
     * New credentials for a connected session (client or server refresh): the expiry is
     * replaced (0 = never) and re-armed; the connection info is replaced when given.
     *
     * @throws IllegalStateException unless the session is connected
     */
    void refreshCredentials(long newExpireAt, byte[] newConnInfo) {
        refreshCredentials(newExpireAt, newConnInfo, null);
    }

    /** As {@link #refreshCredentials(long, byte[])}, also replacing the connection meta when given. */
    void refreshCredentials(long newExpireAt, byte[] newConnInfo, byte[] newMeta) {
        requireState(State.CONNECTED, "refresh");
        if (newMeta != null) {
            meta = newMeta;
        }
        if (newConnInfo != null) {
            connInfo = newConnInfo;
        }
        expireAt = newExpireAt;
        timers.scheduleExpiry();
    }

    /** Subscriptions through a subscribe stream proxy; null until the first one. */
    StreamSubscriptions streams;

    StreamSubscriptions streams() {
        return streams == null ? streams = new StreamSubscriptions(this) : streams;
    }

    /** Map subscriptions being paginated, by channel (event loop only; at most the channel limit). */
    final java.util.Map<String, MapCatchUp> mapCatchUps = new java.util.HashMap<>();

    /** Adds a subscription being set up (its set-up checks the state it needs). */
    void addSubscription(SubscriptionState sub) {
        subs.put(sub.channel, sub);
    }

    /** Removes a subscription; null when there was none. */
    SubscriptionState removeSubscription(String channel) {
        return subs.remove(channel);
    }

    /** The current subscription to a channel, or null. */
    SubscriptionState subscription(String channel) {
        return subs.get(channel);
    }

    boolean subscribed(String channel) {
        return subs.containsKey(channel);
    }

    int subscriptionCount() {
        return subs.size();
    }

    /** A snapshot of the subscriptions (they may change while the caller iterates). */
    List<SubscriptionState> subscriptions() {
        return List.copyOf(subs.values());
    }

    private void requireState(State expected, String transition) {
        if (state != expected) {
            throw new IllegalStateException("client " + id + ": cannot " + transition + " when " + state);
        }
    }

    /** The connection's event loop. */
    public Executor executor() {
        return transport.executor();
    }

    public ProtocolType protocol() {
        return transport.protocol();
    }

    /** Runs a task on this connection's event loop. */
    public void execute(Runnable task) {
        try {
            transport.executor().execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("client {}: event loop gone, task dropped", id);
        }
    }

    /** Channels this connection is subscribed to (event loop only). */
    public java.util.Set<String> channels() {
        return java.util.Set.copyOf(subs.keySet());
    }

    ClientInfo clientInfo(byte[] chanInfo) {
        ClientInfo.Builder b = ClientInfo.newBuilder().setUser(user).setClient(id);
        if (connInfo != null) {
            b.setConnInfo(com.google.protobuf.ByteString.copyFrom(connInfo));
        }
        if (chanInfo != null) {
            b.setChanInfo(com.google.protobuf.ByteString.copyFrom(chanInfo));
        }
        return b.build();
    }

    // ---------------------------------------------------------------- incoming

    /** One incoming WebSocket message. */
    public void handleFrame(byte[] frame) {
        if (state == State.CLOSED || state == State.UNUSABLE) {
            return;
        }
        List<Command> commands;
        try {
            commands = codec.decodeCommands(frame);
        } catch (ProtocolException e) {
            LOG.debug("client {}: bad frame: {}", id, e.getMessage());
            disconnect(e.disconnect());
            return;
        }
        metrics.commandsReceived(commands.size());
        if (pending.size() + commands.size() > queueLimit) {
            LOG.debug("client {}: {} commands queued, {} more arrived: over the limit", id, pending.size(),
                    commands.size());
            metrics.commandQueueOverflow();
            disconnect(Disconnect.SLOW);
            return;
        }
        pending.addAll(commands);
        pump();
        updateReading();
    }

    /** Commands waiting behind the running one (event loop only). */
    public int queuedCommands() {
        return pending.size();
    }

    /** Whether this session has asked its transport to stop reading (event loop only). */
    public boolean readingPaused() {
        return readingPaused;
    }

    /** Pauses reading when enough commands wait, resumes once most of them ran. */
    private void updateReading() {
        if (state == State.CLOSED) {
            return;
        }
        if (!readingPaused && pending.size() >= pauseMark) {
            readingPaused = true;
            metrics.readPaused();
            transport.pauseReading();
        } else if (readingPaused && pending.size() <= resumeMark) {
            readingPaused = false;
            transport.resumeReading();
        }
    }

    /**
     * The connect request of a unidirectional connection (it is not wrapped in a command). The
     * result goes out as a {@code connect} push; a refused connect closes with a disconnect.
     */
    public void connectUnidirectional(ConnectRequest request) {
        if (state != State.NEW || !pending.isEmpty() || processing) {
            return;
        }
        pending.add(Command.newBuilder().setId(1).setConnect(request).build());
        pump();
    }

    private void pump() {
        while (!processing && !pending.isEmpty() && (state == State.NEW || state == State.CONNECTED)) {
            if (concurrent != null && !concurrent.admit(this, pending.peek())) {
                return;
            }
            Command cmd = pending.poll();
            CompletableFuture<CommandOutcome> f;
            try {
                f = dispatch(cmd).toCompletableFuture();
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            if (f.isDone()) {
                complete(cmd, f);
            } else if (concurrent == null || !concurrent.track(this, cmd, f, this::completeConcurrent)) {
                processing = true;
                CompletableFuture<CommandOutcome> later = f;
                later.whenComplete((o, e) -> execute(() -> {
                    processing = false;
                    complete(cmd, later);
                    pump();
                    updateReading();
                }));
                return;
            }
        }
    }

    private void completeConcurrent(Command cmd, CompletableFuture<CommandOutcome> f) {
        complete(cmd, f);
        pump();
        updateReading();
    }

    private void complete(Command cmd, CompletableFuture<CommandOutcome> f) {
        CommandOutcome outcome;
        try {
            outcome = f.join();
        } catch (RuntimeException e) {
            LOG.error("client {}: command failed", id, e.getCause() != null ? e.getCause() : e);
            outcome = CommandOutcome.error(ClientError.INTERNAL);
        }
        apply(cmd, outcome);
    }

    private void apply(Command cmd, CommandOutcome outcome) {
        if (state == State.CLOSED) {
            return;
        }
        if (outcome.disconnect() != null) {
            disconnect(outcome.disconnect());
            return;
        }
        if (cmd.hasConnect() && transport.unidirectional()) {
            UnidirectionalConnect.apply(this, outcome);
            return;
        }
        if (outcome.error() != null) {
            metrics.replyError(outcome.error().code());
            writeReply(Reply.newBuilder().setId(cmd.getId()).setError(outcome.error().toProto()).build());
            if (cmd.hasConnect()) {
                failConnect();
            }
            return;
        }
        if (outcome.reply() != null) {
            writeReply(outcome.reply().setId(cmd.getId()).build());
        }
        if (outcome.afterWrite() != null && state != State.CLOSED) {
            outcome.afterWrite().run();
        }
    }

    /** After a failed connect nothing more is processed; the socket is dropped after 5 s. */
    private void failConnect() {
        state = State.UNUSABLE;
        pending.clear();
        transport.executor().schedule(() -> {
            if (state == State.UNUSABLE) {
                state = State.CLOSED;
                timers.cancelAll();
                transport.abort();
            }
        }, 5, TimeUnit.SECONDS);
    }

    private CompletionStage<CommandOutcome> dispatch(Command cmd) {
        if (state == State.NEW && !cmd.hasConnect()) {
            return done(CommandOutcome.disconnect(Disconnect.BAD_REQUEST));
        }
        if (cmd.getId() == 0 && !cmd.hasSend()) {
            return done(timers.onPong() ? CommandOutcome.none() : CommandOutcome.disconnect(Disconnect.BAD_REQUEST));
        }
        Commands c = commands;
        if (cmd.hasConnect()) {
            return state == State.NEW ? c.connect.handle(this, cmd.getConnect())
                    : done(CommandOutcome.disconnect(Disconnect.BAD_REQUEST));
        }
        if (cmd.hasPing()) {
            return done(CommandOutcome.error(ClientError.NOT_AVAILABLE));
        }
        if (cmd.hasSubscribe()) {
            return c.subscribe.handle(this, cmd.getSubscribe());
        }
        if (cmd.hasUnsubscribe()) {
            return done(c.unsubscribe.handle(this, cmd.getUnsubscribe()));
        }
        if (cmd.hasPublish()) {
            return c.publish.handle(this, cmd.getPublish());
        }
        if (cmd.hasPresence()) {
            return c.presence.handle(this, cmd.getPresence());
        }
        if (cmd.hasPresenceStats()) {
            return c.presenceStats.handle(this, cmd.getPresenceStats());
        }
        if (cmd.hasHistory()) {
            return c.history.handle(this, cmd.getHistory());
        }
        if (cmd.hasRpc()) {
            return c.rpc.handle(this, cmd.getRpc());
        }
        if (cmd.hasSend()) {
            // No server-side message handler exists: the protocol answers with 3508.
            return done(CommandOutcome.disconnect(Disconnect.NOT_AVAILABLE));
        }
        if (cmd.hasRefresh()) {
            return c.refresh.handle(this, cmd.getRefresh());
        }
        if (cmd.hasSubRefresh()) {
            return c.subRefresh.handle(this, cmd.getSubRefresh());
        }
        return done(CommandOutcome.disconnect(Disconnect.BAD_REQUEST));
    }

    static CompletionStage<CommandOutcome> done(CommandOutcome o) {
        return CompletableFuture.completedFuture(o);
    }

    /**
     * Continues a command with the result of {@code stage} on this session's event loop: inline
     * when the stage is already complete, else after a hop. An exception thrown by {@code next}
     * becomes an internal error.
     */
    <T> CompletionStage<CommandOutcome> onLoop(CompletionStage<T> stage,
                                               java.util.function.BiFunction<T, Throwable, CompletionStage<CommandOutcome>> next) {
        CompletableFuture<T> f = stage.toCompletableFuture();
        if (f.isDone()) {
            T value = null;
            Throwable error = null;
            try {
                value = f.join();
            } catch (RuntimeException e) {
                error = e;
            }
            return next.apply(value, error);
        }
        CompletableFuture<CommandOutcome> out = new CompletableFuture<>();
        f.whenComplete((value, error) -> execute(() -> {
            try {
                next.apply(value, error).whenComplete((o, e2) ->
                        out.complete(e2 != null ? CommandOutcome.error(ClientError.INTERNAL) : o));
            } catch (RuntimeException e) {
                out.complete(CommandOutcome.error(ClientError.INTERNAL));
            }
        }));
        return out;
    }

    // ---------------------------------------------------------------- outgoing

    /** Encodes and queues one reply; a payload the protocol cannot carry closes with 3506. */
    void writeReply(Reply reply) {
        if (state == State.CLOSED) {
            return;
        }
        byte[] bytes;
        try {
            bytes = codec.encodeReply(reply);
        } catch (ProtocolException e) {
            disconnect(e.disconnect());
            return;
        }
        transport.write(bytes);
        metrics.messageSent();
    }

    /** Encodes and queues a protocol ping (an empty reply). */
    void writePing(Reply ping) {
        if (state == State.CLOSED) {
            return;
        }
        try {
            transport.writePing(codec.encodeReply(ping));
        } catch (ProtocolException e) {
            disconnect(e.disconnect());
            return;
        }
        metrics.messageSent();
    }

    /** Encodes a push in the connection's {@link #pushFormat()} and queues it; 3506 as for replies. */
    void writePush(Push push) {
        if (state == State.CLOSED) {
            return;
        }
        byte[] bytes;
        try {
            bytes = transport.pushFormat().encode(push);
        } catch (ProtocolException e) {
            disconnect(e.disconnect());
            return;
        }
        transport.write(bytes);
        metrics.messageSent();
    }

    /** The format this connection takes pushes in (protocol; Reply envelope or bare). */
    public PushFormat pushFormat() {
        return transport.pushFormat();
    }

    /**
     * A push for one of this connection's subscriptions, from the hub (on the event loop). A
     * subscription removed after the fan-out was posted is no longer active and gets nothing.
     */
    void deliver(SubscriptionState sub, PreparedPush push) {
        if (state != State.CONNECTED || !sub.active) {
            return;
        }
        if (push.kind() != PreparedPush.Kind.PUBLICATION) {
            if (sub.pushJoinLeave) {
                writePrepared(push);
            }
            return;
        }
        if (sub.buffer != null) {
            if (sub.buffer.size() >= SubscriptionState.MAX_BUFFERED) {
                sub.bufferOverflowed = true;
            } else {
                sub.buffer.add(push);
            }
            return;
        }
        deliverPositioned(sub, push);
    }

    /** Applies live position tracking, then writes. */
    void deliverPositioned(SubscriptionState sub, PreparedPush push) {
        long offset = push.position().offset();
        if (sub.positioned && offset > 0) {
            if (push.lagged()) {
                insufficientState(sub);
                return;
            }
            String epoch = push.position().epoch();
            if (!epoch.equals(sub.epoch)) {
                if (!sub.epoch.isEmpty()) {
                    insufficientState(sub);
                    return;
                }
                sub.epoch = epoch;
            }
            if (offset > sub.offset + 1) {
                insufficientState(sub);
                return;
            }
            if (offset <= sub.offset) {
                return;
            }
            sub.offset = offset;
            sub.positionCheckedAt = ctx.clock().millis();
        }
        if (sub.tagsFilter != null && !sub.delta && !sub.passes(push.publication())) {
            return;
        }
        if (sub.delta) {
            long base = push.previousOffset();
            // A map subscriber holds every key's last value (from the state or a change), so a
            // patch against the key's previous entry always applies; a stream subscriber only
            // holds the last publication it was sent.
            writeBytes(push.deltaBytes(pushFormat(), base > 0 && (base == sub.deltaBase || sub.map != null)));
            sub.deltaBase = offset;
            return;
        }
        writePrepared(push);
    }

    private void writePrepared(PreparedPush push) {
        writeBytes(push.bytes(pushFormat()));
    }

    private void writeBytes(byte[] bytes) {
        if (bytes == null) {
            disconnect(Disconnect.INAPPROPRIATE_PROTOCOL);
            return;
        }
        transport.write(bytes);
        metrics.messageSent();
    }

    /** A gap in a positioned subscription: the client must resubscribe (or reconnect). */
    void insufficientState(SubscriptionState sub) {
        if (sub.serverSide) {
            disconnect(Disconnect.INSUFFICIENT_STATE);
            return;
        }
        serverUnsubscribe(sub.channel, 2500, "insufficient state");
    }

    /** Removes a subscription and tells the client with an unsubscribe push. */
    public void serverUnsubscribe(String channel, int code, String reason) {
        if (state != State.CONNECTED || !subs.containsKey(channel)) {
            return;
        }
        commands.unsubscribe.remove(this, channel);
        writePush(Push.newBuilder().setChannel(channel)
                .setUnsubscribe(Unsubscribe.newBuilder().setCode(code).setReason(reason)).build());
    }

    // ---------------------------------------------------------------- closing

    /** Closes the connection with a disconnect code and cleans up. Idempotent. */
    public void disconnect(Disconnect d) {
        if (state == State.CLOSED) {
            return;
        }
        cleanup();
        metrics.disconnect(d.code());
        transport.close(d);
    }

    /** A transport-level pong frame arrived (answer to {@link Transport#sendFramePing()}). */
    public void onFramePong() {
        if (state == State.CONNECTED) {
            timers.onFramePong();
        }
    }

    /** The transport went away (peer closed, network error, or the transport closed itself). */
    public void onTransportClosed() {
        if (state != State.CLOSED) {
            cleanup();
        }
    }

    private void cleanup() {
        boolean wasConnected = state == State.CONNECTED;
        state = State.CLOSED;
        timers.cancelAll();
        pending.clear();
        mapCatchUps.clear();
        if (streams != null) {
            streams.cancelAll();
        }
        if (wasConnected) {
            for (String channel : List.copyOf(subs.keySet())) {
                commands.unsubscribe.remove(this, channel);
            }
            ctx.sessions().unregister(this);
        }
    }
}
