package io.xshathra.controlplane.console;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringEncoder;
import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.controlplane.Project;
import io.xshathra.controlplane.StorageException;
import io.xshathra.controlplane.console.Routes.Page;
import io.xshathra.netty.HttpRoute;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console: server-rendered pages on the engine's port (see {@link Routes} for the URL
 * space). Every request is read on the event loop, then the session is checked and the page
 * built on the storage executor's threads, so nothing blocks an event loop; the router writes
 * the response. Security, in one place: the {@code xs_session} cookie ({@link Cookies}), a
 * CSRF token on every state-changing request ({@link Csrf}), ownership of the project (or the
 * administrator role), escaping of every dynamic value ({@link Html}), and strict response
 * headers ({@link Responses}). Nothing secret (passwords, keys, tokens, cookies) is logged.
 *
 * <p>In front of the password hasher: first-run setup only with the operator's token
 * ({@link SetupPages}), a per-address failure budget and in-flight limit ({@link SignInGuard}),
 * per-account growing delays that spare the owner's known browser ({@link KnownBrowser}). The
 * client address and HTTPS are taken from forwarding headers only when the socket peer is a
 * trusted proxy ({@link ConsoleOptions}).
 */
public final class Console implements HttpRoute {

    private static final Logger LOG = LoggerFactory.getLogger(Console.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How long a sign-in or sign-up form stays usable. */
    private static final Duration FORM_COOKIE_AGE = Duration.ofHours(12);

    private final ConsoleContext ctx;
    private final ConsoleOptions options;
    private final Csrf csrf = new Csrf();
    private final Assets assets = new Assets();
    private final Layout layout = new Layout(assets.version());
    private final AuthPages auth;
    private final SetupPages setup;
    private final DashboardPages dashboard;
    private final ProjectPages projects;
    private final DebugPages debug;

    /** Guarded by {@code this}: the known-browser signer, once the deployment's key is read. */
    private CompletableFuture<KnownBrowser> knownBrowser;

    /** {@link #Console(ConsoleContext, ConsoleOptions)} with {@link ConsoleOptions#DEFAULTS}. */
    public Console(ConsoleContext ctx) {
        this(ctx, ConsoleOptions.DEFAULTS);
    }

    /** Reads the assets from the jar (blocking): construct it at start-up. */
    public Console(ConsoleContext ctx, ConsoleOptions options) {
        this.ctx = ctx;
        this.options = options;
        Flash flash = new Flash(ctx.clock());
        this.auth = new AuthPages(ctx, layout, new SignInGuard(ctx.clock(), options.addressLimits()), this::knownBrowser);
        this.setup = new SetupPages(ctx, layout, auth, options.setupTokenFile());
        this.dashboard = new DashboardPages(ctx, layout, flash);
        this.projects = new ProjectPages(ctx, layout, flash);
        this.debug = new DebugPages(ctx, layout);
    }

    @Override
    public boolean matches(String path) {
        return Routes.owns(path);
    }

    /** The deployment's known-browser key is read once (a failure is retried on the next sign-in). */
    private synchronized CompletionStage<KnownBrowser> knownBrowser() {
        CompletableFuture<KnownBrowser> k = knownBrowser;
        if (k == null || k.isCompletedExceptionally()) {
            k = ctx.accounts().browserKey().thenApply(key -> new KnownBrowser(key, ctx.clock())).toCompletableFuture();
            knownBrowser = k;
        }
        return k;
    }

    /** Without the peer's address every visitor counts as one client: the router always passes it. */
    @Override
    public CompletionStage<FullHttpResponse> handle(FullHttpRequest request, String path) {
        return handle(request, path, null);
    }

    @Override
    public CompletionStage<FullHttpResponse> handle(FullHttpRequest request, String path, InetSocketAddress peer) {
        ConsoleRequest r;
        try {
            r = ConsoleRequest.read(request, path, peer, options);
        } catch (Form.Refused e) {
            if (e.status == HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code()) {
                // Every 413 of the server has the same JSON body, whichever route refused it.
                return Responses.done(Responses.jsonError(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                        "body_too_large", "request body must be at most " + Form.MAX_BODY + " bytes"));
            }
            return Responses.done(layout.error(nobody(), HttpResponseStatus.valueOf(e.status),
                    "The form could not be read", e.getMessage()));
        }
        Page page = r.target().page();
        if (!page.accepts(r.method())) {
            FullHttpResponse resp = layout.error(nobody(), HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "Method not allowed", "This page accepts " + page.allow() + ".");
            resp.headers().set(HttpHeaderNames.ALLOW, page.allow());
            return Responses.done(resp);
        }
        if (page == Page.ASSET) {
            return Responses.done(assets.serve(path).orElseGet(() -> layout.error(nobody(),
                    HttpResponseStatus.NOT_FOUND, "Not found", "There is no such file.")));
        }
        CompletableFuture<FullHttpResponse> out = new CompletableFuture<>();
        visitor(r).thenCompose(v -> dispatch(r, v)
                        .exceptionally(e -> failure(r, v, e))
                        .thenApply(resp -> finish(r, v, resp)))
                .whenComplete((resp, e) -> {
                    if (e != null) {
                        out.complete(failure(r, nobody(), e));
                    } else {
                        out.complete(resp);
                    }
                });
        return out;
    }

    /** Who is asking: the session's account, or an anonymous visitor with a pre-session cookie. */
    private CompletionStage<Visitor> visitor(ConsoleRequest r) {
        String token = r.sessionToken();
        if (token == null) {
            return CompletableFuture.completedFuture(anonymous(r, false));
        }
        return ctx.sessions().validate(token).thenApply(account -> account
                .map(a -> new Visitor(a, token, csrf.sessionKey(token), csrf.token("session:" + token), null, false))
                .orElseGet(() -> anonymous(r, true)));
    }

    private Visitor anonymous(ConsoleRequest r, boolean clearSession) {
        String cookie = r.formCookie();
        String fresh = null;
        if (cookie == null) {
            byte[] b = new byte[24];
            RANDOM.nextBytes(b);
            fresh = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
            cookie = fresh;
        }
        return new Visitor(null, null, null, csrf.token("form:" + cookie), fresh, clearSession);
    }

    /** For error pages before anyone is known: no forms, so no token. */
    private static Visitor nobody() {
        return new Visitor(null, null, null, "", null, false);
    }

    private boolean csrfOk(ConsoleRequest r, Visitor v) {
        String binding = v.signedIn() ? "session:" + v.sessionToken()
                : r.formCookie() == null ? null : "form:" + r.formCookie();
        return binding != null && csrf.valid(binding, r.presentedCsrf());
    }

    private CompletionStage<FullHttpResponse> dispatch(ConsoleRequest r, Visitor v) {
        Page page = r.target().page();
        if (page == Page.HOME) {
            return v.signedIn() ? Responses.done(Responses.redirect("/dashboard"))
                    : ctx.accounts().count().thenApply(n -> Responses.redirect(n == 0 ? "/setup" : "/login"));
        }
        if (page == Page.NOT_FOUND) {
            return Responses.done(notFound(v));
        }
        if (page.needsAccount && !v.signedIn()) {
            return Responses.done(signInFirst(r));
        }
        if (page == Page.LOGOUT && !v.signedIn()) {
            return auth.logout(r, v);
        }
        if (r.post() && !csrfOk(r, v)) {
            return Responses.done(forbidden(r, v));
        }
        return switch (page) {
            case SETUP -> setup.setup(r, v);
            case SIGNUP -> auth.signup(r, v);
            case LOGIN -> auth.login(r, v);
            case LOGOUT -> auth.logout(r, v);
            case DASHBOARD -> dashboard.dashboard(r, v);
            case NEW_PROJECT -> dashboard.newProject(r, v);
            default -> withProject(r, v);
        };
    }

    /** Project pages: the project must exist and the visitor must manage it; else 404 (no hint that it exists). */
    private CompletionStage<FullHttpResponse> withProject(ConsoleRequest r, Visitor v) {
        Page page = r.target().page();
        return ctx.projects().find(r.target().projectId()).thenCompose(found -> {
            Optional<Project> p = found.filter(v::mayManage);
            if (p.isEmpty()) {
                return Responses.done(page.json()
                        ? Responses.jsonError(HttpResponseStatus.NOT_FOUND, "not_found", "no such project")
                        : notFound(v));
            }
            Project project = p.get();
            return switch (page) {
                case PROJECT -> projects.view(r, v, project);
                case STATS -> projects.stats(project);
                case ROTATE -> projects.rotate(r, v, project);
                case RENAME -> projects.rename(r, v, project);
                case DELETE -> projects.delete(r, v, project);
                case DEBUG -> debug.page(v, project);
                case DEBUG_PUBLISH -> debug.publish(r, v, project, wantsJson(r));
                case DEBUG_TOKEN -> debug.token(r, v, project);
                default -> Responses.done(notFound(v));
            };
        });
    }

    private static boolean wantsJson(ConsoleRequest r) {
        return r.csrfHeader() != null;
    }

    private FullHttpResponse signInFirst(ConsoleRequest r) {
        if (r.target().page().json() || r.csrfHeader() != null) {
            return Responses.jsonError(HttpResponseStatus.UNAUTHORIZED, "unauthorized", "sign in again");
        }
        if (!r.post()) {
            QueryStringEncoder to = new QueryStringEncoder("/login");
            to.addParam("next", r.path());
            return Responses.redirect(to.toString());
        }
        return Responses.redirect("/login");
    }

    private FullHttpResponse forbidden(ConsoleRequest r, Visitor v) {
        if (r.target().page().json() || r.csrfHeader() != null) {
            return Responses.jsonError(HttpResponseStatus.FORBIDDEN, "csrf_failed",
                    "the security token is missing or expired; reload the page");
        }
        return layout.error(v, HttpResponseStatus.FORBIDDEN, "This form has expired",
                "For your security, the form's token was missing or no longer valid (for example after "
                        + "signing in elsewhere or a server restart). Go back, reload the page and try again.");
    }

    private FullHttpResponse notFound(Visitor v) {
        return layout.error(v, HttpResponseStatus.NOT_FOUND, "Page not found",
                "There is no such page, or the project does not exist or is not yours.");
    }

    /** Cookies every response of this visitor needs, and HSTS over HTTPS when configured. */
    private FullHttpResponse finish(ConsoleRequest r, Visitor v, FullHttpResponse resp) {
        if (r.secure() && r.https() && !options.hstsMaxAge().isZero()) {
            resp.headers().set("Strict-Transport-Security", "max-age=" + options.hstsMaxAge().toSeconds());
        }
        boolean setsSession = resp.headers().getAll(HttpHeaderNames.SET_COOKIE).stream()
                .anyMatch(c -> c.startsWith(Cookies.name(Cookies.SESSION, r.secure()) + "="));
        if (v.clearSession() && !setsSession) {
            resp.headers().add(HttpHeaderNames.SET_COOKIE, Cookies.clear(Cookies.SESSION, r.secure()));
        }
        if (v.formCookie() != null) {
            resp.headers().add(HttpHeaderNames.SET_COOKIE,
                    Cookies.set(Cookies.FORM, v.formCookie(), FORM_COOKIE_AGE, r.secure()));
        }
        return resp;
    }

    private FullHttpResponse failure(ConsoleRequest r, Visitor v, Throwable e) {
        Throwable cause = Failures.unwrap(e);
        boolean json = r.target().page().json() || r.csrfHeader() != null;
        if (cause instanceof ControlPlaneException cpe && cpe.reason() == ControlPlaneException.Reason.NOT_FOUND) {
            return json ? Responses.jsonError(HttpResponseStatus.NOT_FOUND, "not_found", "no such project") : notFound(v);
        }
        FullHttpResponse resp;
        if (cause instanceof ControlPlaneException cpe && cpe.reason() == ControlPlaneException.Reason.BUSY) {
            long seconds = Math.max(1, cpe.retryAfter().map(d -> d.toSeconds()).orElse(2L));
            resp = json ? Responses.jsonError(HttpResponseStatus.SERVICE_UNAVAILABLE, "busy", "the server is busy; try again")
                    : layout.error(v, HttpResponseStatus.SERVICE_UNAVAILABLE, "Please try again in a moment",
                    "The server is busy checking other sign-ins right now. Nothing was changed; try again in a few seconds.");
            resp.headers().set(HttpHeaderNames.RETRY_AFTER, seconds);
            return resp;
        }
        if (cause instanceof StorageException se) {
            LOG.warn("console {} {}: storage unavailable: {}", r.method(), r.path(), se.getMessage());
            resp = json ? Responses.jsonError(HttpResponseStatus.SERVICE_UNAVAILABLE, "unavailable",
                    "the database is unavailable or busy; try again")
                    : layout.error(v, HttpResponseStatus.SERVICE_UNAVAILABLE, "Please try again in a moment",
                    "The console's database is unavailable or busy right now. Nothing was changed.");
            resp.headers().set(HttpHeaderNames.RETRY_AFTER, 5);
            return resp;
        }
        // The request's path and method only: forms and headers may hold passwords or tokens.
        LOG.error("console {} {} failed", r.method(), r.path(), cause);
        return json ? Responses.jsonError(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "something went wrong")
                : layout.error(v, HttpResponseStatus.INTERNAL_SERVER_ERROR, "Something went wrong",
                "The request could not be completed. Try again; if it keeps failing, tell your administrator.");
    }
}
