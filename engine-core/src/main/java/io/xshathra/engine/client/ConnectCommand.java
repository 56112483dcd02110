package io.xshathra.engine.client;

import io.xshathra.engine.channel.ChannelRules;
import io.xshathra.engine.channel.ResolvedChannel;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.ClientConfig;
import io.xshathra.engine.config.ProxyEndpoint;
import io.xshathra.engine.proxy.ProxyRequest;
import io.xshathra.engine.proxy.ProxyResult;
import io.xshathra.engine.token.ConnectToken;
import io.xshathra.engine.token.SubscribeOptions;
import io.xshathra.engine.token.TokenException;
import io.xshathra.engine.token.TokenVerifier;
import io.xshathra.protocol.ClientError;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.proto.ConnectRequest;
import io.xshathra.protocol.proto.ConnectResult;
import io.xshathra.protocol.proto.Reply;
import io.xshathra.protocol.proto.SubscribeRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The {@code connect} command: credentials (token or anonymous), limits, expiry, registration,
 * then the server-side subscriptions, whose results go into the connect reply.
 */
final class ConnectCommand {
    private final SessionContext ctx;
    private final PersonalChannels personal;
    /** Emulated header names some proxy forwards (empty: nothing is kept per connection). */
    private final java.util.Set<String> emulatedHeaders;

    ConnectCommand(SessionContext ctx, UserDisconnect otherNodes) {
        this.ctx = ctx;
        this.personal = new PersonalChannels(ctx, otherNodes);
        this.emulatedHeaders = ctx.config().proxies().emulatedHeaderNames();
    }

    /** Server-side channels a connection token asks for ({@code subs} wins over {@code channels}). */
    static List<String> tokenChannels(ConnectToken t) {
        return t.subs().isEmpty() ? List.copyOf(t.channels()) : List.copyOf(t.subs().keySet());
    }

    /**
     * Who connects: the token's user and project, or an anonymous user (in a project when a
     * public client key was given).
     */
    private record Credentials(ConnectToken token, String user, String projectId, boolean readOnly,
                               ProxyResult.Connect proxied) {
        Credentials(ConnectToken token, String user, String projectId, boolean readOnly) {
            this(token, user, projectId, readOnly, null);
        }
    }

    CompletionStage<CommandOutcome> handle(ClientSession s, ConnectRequest req) {
        ClientConfig cc = ctx.config().client();
        s.keepEmulatedHeaders(req.getHeadersMap(), emulatedHeaders);
        if (!req.getToken().isEmpty()) {
            return s.onLoop(ctx.connectionTokens().connectToken(req.getToken()), (token, e) -> e != null
                    ? done(refused(TokenVerifier.failure(e), cc)) : withToken(s, req, token));
        }
        String clientKey = ClientKeys.of(req, s.transport);
        if (clientKey != null) {
            return afterLookup(s, ctx.projects().projectOf(clientKey), project -> project.isEmpty()
                    || project.get().isEmpty() || io.xshathra.engine.channel.ChannelSpace.containsSeparator(project.get())
                    ? done(CommandOutcome.disconnect(Disconnect.INVALID_TOKEN))
                    : withClientKey(s, req, project.get()));
        }
        ProxyEndpoint proxy = ctx.proxies().directory().connect("");
        if (proxy != null) {
            return viaProxy(s, req, proxy, "");
        }
        if (!cc.allowAnonymousConnectWithoutToken() && !cc.insecure()) {
            return done(CommandOutcome.disconnect(Disconnect.BAD_REQUEST));
        }
        return connect(s, req, new Credentials(null, "", "", false));
    }

    /**
     * A public client key names the project: its connect proxy, when the project has one, says
     * who the client is; otherwise the connection is anonymous and read-only.
     */
    private CompletionStage<CommandOutcome> withClientKey(ClientSession s, ConnectRequest req, String projectId) {
        ProxyEndpoint proxy = ctx.proxies().directory().connect(projectId);
        return proxy != null ? viaProxy(s, req, proxy, projectId)
                : connect(s, req, new Credentials(null, "", projectId, true));
    }

    /**
     * A connect without a token asks the connect proxy who the client is. A reply without a
     * result connects anonymously only where anonymous connects are allowed, as without a proxy.
     */
    private CompletionStage<CommandOutcome> viaProxy(ClientSession s, ConnectRequest req, ProxyEndpoint ep,
                                                     String projectId) {
        ProxyRequest.Connect call = new ProxyRequest.Connect(ProxyCalls.caller(s, ep),
                req.getData().isEmpty() ? null : req.getData().toByteArray(), req.getName(), req.getVersion(),
                List.copyOf(req.getSubsMap().keySet()));
        return ProxyCalls.call(s, ep, call, result -> {
            if (!s.isNew()) {
                return done(CommandOutcome.none());
            }
            ClientConfig cc = ctx.config().client();
            if (result == null) {
                return cc.allowAnonymousConnectWithoutToken() || cc.insecure()
                        ? connect(s, req, new Credentials(null, "", projectId, false))
                        : done(CommandOutcome.disconnect(Disconnect.BAD_REQUEST));
            }
            return connect(s, req, new Credentials(null, result.user(), projectId, false, result));
        });
    }

    /** The outcome of a refused connection token. */
    private static CommandOutcome refused(TokenException e, ClientConfig cc) {
        if (e == null || e.reason() == TokenException.Reason.UNAVAILABLE) {
            return CommandOutcome.error(ClientError.INTERNAL);
        }
        return e.reason() == TokenException.Reason.EXPIRED && !cc.insecure()
                ? CommandOutcome.error(ClientError.TOKEN_EXPIRED)
                : CommandOutcome.disconnect(Disconnect.INVALID_TOKEN);
    }

    private CompletionStage<CommandOutcome> withToken(ClientSession s, ConnectRequest req, ConnectToken token) {
        ClientConfig cc = ctx.config().client();
        if (io.xshathra.engine.channel.ChannelSpace.containsSeparator(token.projectId())) {
            return done(CommandOutcome.disconnect(Disconnect.INVALID_TOKEN));
        }
        if (token.userId().isEmpty() && cc.disallowAnonymousConnectionTokens()) {
            return done(CommandOutcome.disconnect(Disconnect.PERMISSION_DENIED));
        }
        Credentials c = new Credentials(token, token.userId(), token.projectId(), false);
        if (token.projectId().isEmpty()) {
            return connect(s, req, c);
        }
        return afterLookup(s, ctx.projects().isActive(token.projectId()), active -> active
                ? connect(s, req, c) : done(CommandOutcome.disconnect(Disconnect.INVALID_TOKEN)));
    }

    /**
     * Continues a connect on the session's event loop once a control-plane lookup answered; a
     * failed lookup is a temporary internal error (the SDK retries).
     */
    private <T> CompletionStage<CommandOutcome> afterLookup(ClientSession s, CompletionStage<T> lookup,
                                                          java.util.function.Function<T, CompletionStage<CommandOutcome>> next) {
        CompletableFuture<CommandOutcome> out = new CompletableFuture<>();
        lookup.whenComplete((value, e) -> s.execute(() -> {
            if (e != null) {
                out.complete(CommandOutcome.error(ClientError.INTERNAL));
                return;
            }
            next.apply(value).whenComplete((o, e2) -> out.complete(e2 != null ? CommandOutcome.error(ClientError.INTERNAL) : o));
        }));
        return out;
    }

    private CompletionStage<CommandOutcome> connect(ClientSession s, ConnectRequest req, Credentials c) {
        if (!s.isNew()) {
            // The connection closed while a token key or project was being looked up.
            return done(CommandOutcome.none());
        }
        if (!personal.singleConnection(c.user())) {
            return register(s, req, c);
        }
        // Centrifugo settles single connection before anything else of the connect.
        return s.onLoop(personal.enforceSingleConnection(s, c.projectId(), c.user()), (refusal, e) -> {
            if (refusal != null || e != null) {
                return done(CommandOutcome.disconnect(refusal != null ? refusal : Disconnect.SERVER_ERROR));
            }
            return s.isNew() ? register(s, req, c) : done(CommandOutcome.none());
        });
    }

    private CompletionStage<CommandOutcome> register(ClientSession s, ConnectRequest req, Credentials c) {
        ClientConfig cc = ctx.config().client();
        ConnectToken token = c.token();
        String user = c.user();
        Map<String, SubscribeParams> serverSubs = new LinkedHashMap<>();
        CommandOutcome refused = serverSubs(req, c, serverSubs);
        if (refused != null) {
            return done(refused);
        }
        if (serverSubs.size() > cc.channelLimit()) {
            return done(CommandOutcome.disconnect(Disconnect.CHANNEL_LIMIT));
        }
        if (cc.userConnectionLimit() > 0 && !user.isEmpty()
                && ctx.sessions().userConnectionCount(c.projectId(), user) >= cc.userConnectionLimit()) {
            return done(CommandOutcome.disconnect(Disconnect.CONNECTION_LIMIT));
        }
        io.xshathra.engine.project.LimitRefusal overProject = c.projectId().isEmpty() ? null
                : ctx.tenants().limits().admitConnection(c.projectId());
        if (overProject != null) {
            // Centrifugo's connection-limit code (terminal), with a reason naming the project's limit.
            return done(CommandOutcome.disconnect(new Disconnect(Disconnect.CONNECTION_LIMIT.code(), overProject.message())));
        }
        long now = ctx.clock().millis() / 1000;
        long expireAt = c.proxied() != null ? c.proxied().expireAt()
                : token == null || cc.insecure() ? 0 : token.expireAt();
        // A proxy's expiry may be this very second, as in the reference; a token's must be later.
        if (expireAt > 0 && (c.proxied() != null ? expireAt < now : expireAt <= now)) {
            return done(CommandOutcome.error(ClientError.EXPIRED));
        }
        byte[] info = c.proxied() != null ? c.proxied().info() : token == null ? null : token.info();
        // Connection meta comes from the connect proxy or, as in the reference, the token's meta claim.
        s.authenticate(new ClientSession.Authentication(user, c.projectId(), c.readOnly(), info,
                token == null ? List.of() : tokenChannels(token), expireAt,
                c.proxied() != null ? c.proxied().meta() : token == null ? null : token.meta()));
        ConnectResult.Builder res = ConnectResult.newBuilder().setClient(s.id).setVersion(ctx.version());
        // With a refresh proxy the server extends the connection itself: the client is not told it expires.
        if (expireAt > 0 && ctx.proxies().directory().refresh(c.projectId()) == null) {
            res.setExpires(true).setTtl((int) (expireAt - now));
        }
        if (c.proxied() != null && c.proxied().data() != null && c.proxied().data().length > 0) {
            res.setData(com.google.protobuf.ByteString.copyFrom(c.proxied().data()));
        }
        if (s.timers.advertisePings()) {
            res.setPing((int) cc.pingInterval().toSeconds()).setPong(s.timers.pongExpected());
        }
        if (s.transport.sessionId() != null) {
            res.setSession(s.transport.sessionId());
        }
        if (s.transport.emulation()) {
            res.setNode(ctx.nodeId());
        }
        if (cc.connectIncludeServerTime()) {
            res.setTime(ctx.clock().millis());
        }
        return subscribeAll(s, new ArrayList<>(serverSubs.values()), 0, res, new ArrayList<>());
    }

    /**
     * The server-side subscriptions of a connect: the token's, then the connect proxy's or (without
     * a proxy) the channels the client lists that it could subscribe to itself. Null, or the
     * outcome refusing the connect.
     */
    private CommandOutcome serverSubs(ConnectRequest req, Credentials c, Map<String, SubscribeParams> out) {
        if (c.token() != null) {
            CommandOutcome refused = tokenSubs(c.token(), req, out);
            if (refused != null) {
                return refused;
            }
        }
        if (personal.appliesTo(c.user())) {
            ClientError unknown = personal.addSubscription(c.projectId(), c.user(), req, out);
            if (unknown != null) {
                return CommandOutcome.error(unknown);
            }
        }
        if (c.proxied() != null) {
            return ProxyConnect.subs(ctx, c.projectId(), c.proxied(), req, out);
        }
        Disconnect bad = requestedSubs(c.projectId(), c.user(), req, out);
        return bad == null ? null : CommandOutcome.disconnect(bad);
    }

    private CompletionStage<CommandOutcome> subscribeAll(ClientSession s, List<SubscribeParams> todo, int i,
                                                         ConnectResult.Builder res, List<Runnable> after) {
        if (i == todo.size()) {
            return done(CommandOutcome.reply(Reply.newBuilder().setConnect(res), () -> after.forEach(Runnable::run)));
        }
        SubscribeParams p = todo.get(i);
        return s.commands.procedure.run(s, p).thenCompose(o -> {
            if (o.error() != null || o.disconnect() != null) {
                s.undoConnect();
                return done(o.disconnect() != null ? CommandOutcome.disconnect(o.disconnect())
                        : CommandOutcome.error(o.error()));
            }
            res.putSubs(p.channel(), o.result());
            after.add(o.afterWrite());
            return subscribeAll(s, todo, i + 1, res, after);
        });
    }

    /**
     * The token's server-side channels, or why the connect is refused: a channel of an unknown
     * namespace is error 102 as in the reference; a name a client could not use in a subscribe
     * command (too long, the space separator, failing the namespace's rule) makes the token
     * invalid (3500), so a crafted claim can never reach another project's space and the SDK
     * does not reconnect with a token that can never work.
     */
    private CommandOutcome tokenSubs(ConnectToken token, ConnectRequest req, Map<String, SubscribeParams> out) {
        Map<String, SubscribeOptions> wanted = new LinkedHashMap<>();
        if (!token.subs().isEmpty()) {
            wanted.putAll(token.subs());
        } else {
            token.channels().forEach(ch -> wanted.put(ch, null));
        }
        for (Map.Entry<String, SubscribeOptions> e : wanted.entrySet()) {
            switch (ctx.channelRules(token.projectId()).validate(e.getKey())) {
                case UNKNOWN_NAMESPACE -> {
                    return CommandOutcome.error(ClientError.UNKNOWN_CHANNEL);
                }
                case INVALID_NAME -> {
                    return CommandOutcome.disconnect(Disconnect.INVALID_TOKEN);
                }
                case VALID -> { }
            }
            ResolvedChannel rc = ctx.channelRules(token.projectId()).resolve(e.getKey());
            SubscribeOptions so = e.getValue();
            ChannelOptions o = so == null ? rc.options() : Overrides.apply(rc.options(), so.override());
            out.put(e.getKey(), serverSide(e.getKey(), o, req.getSubsMap().get(e.getKey()),
                    so == null ? null : so.info(), so == null ? null : so.data()));
        }
        return null;
    }

    /** Channels the client lists in {@code subs} that it could subscribe to without a token. */
    private Disconnect requestedSubs(String projectId, String user, ConnectRequest req,
                                     Map<String, SubscribeParams> out) {
        ChannelRules rules = ctx.channelRules(projectId);
        boolean insecure = ctx.config().client().insecure();
        for (Map.Entry<String, SubscribeRequest> e : req.getSubsMap().entrySet()) {
            String ch = e.getKey();
            if (out.containsKey(ch)) {
                continue;
            }
            ResolvedChannel rc = rules.resolve(ch);
            if (rc == null) {
                return Disconnect.BAD_REQUEST;
            }
            boolean allowed = !rc.isPrivate() && rules.lengthOk(ch) && rules.nameOk(rc)
                    && (insecure || (rules.isUserLimited(rc) ? rules.userAllowed(rc, user)
                    : Access.subscribe(rc.options().permissions(), user)));
            if (allowed) {
                out.put(ch, serverSide(ch, rc.options(), e.getValue(), null, null));
            }
        }
        return null;
    }

    static SubscribeParams serverSide(String channel, ChannelOptions o, SubscribeRequest recovery,
                                              byte[] info, byte[] data) {
        boolean recoverable = o.forceRecovery();
        SubscribeParams.Builder p = SubscribeParams.builder(channel, o).serverSide(true)
                .positioned(recoverable || o.forcePositioning()).recoverable(recoverable)
                .pushJoinLeave(o.forcePushJoinLeave()).chanInfo(info).data(data);
        if (recovery != null && recovery.getRecover()) {
            p.recoverFrom(recovery.getOffset(), recovery.getEpoch());
        }
        return p.build();
    }

    private static CompletionStage<CommandOutcome> done(CommandOutcome o) {
        return CompletableFuture.completedFuture(o);
    }
}
