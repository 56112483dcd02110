package io.xshathra.controlplane.console;

import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.controlplane.Project;
import io.xshathra.controlplane.ProjectRole;
import io.xshathra.controlplane.StorageException;
import io.xshathra.controlplane.console.Routes.Page;
import io.xshathra.controlplane.web.HttpStatus;
import io.xshathra.controlplane.web.UrlEncoded;
import io.xshathra.controlplane.web.WebRequest;
import io.xshathra.controlplane.web.WebResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console's logic, free of any HTTP library: a {@link WebRequest} in, a
 * {@link WebResponse} out ({@link Console} binds it to the server's router; see {@link Routes}
 * for the URL space). Every request is read on the calling thread (the event loop), then the
 * session is checked and the page built on the storage executor's threads, so nothing blocks an
 * event loop; the binding writes the response. Security, in one place: the {@code xs_session} cookie ({@link Cookies}), a
 * CSRF token on every state-changing request ({@link Csrf}), the account's role in the project
 * ({@link ProjectAccess}; administrators act as owners), escaping of every dynamic value ({@link Html}), and strict response
 * headers ({@link Responses}). Nothing secret (passwords, keys, tokens, cookies) is logged.
 *
 * <p>In front of the password hasher: first-run setup only with the operator's token
 * ({@link SetupPages}), a per-address failure budget and in-flight limit ({@link SignInGuard}),
 * per-account growing delays that spare the owner's known browser ({@link KnownBrowser}). The
 * client address and HTTPS are taken from forwarding headers only when the socket peer is a
 * trusted proxy ({@link ConsoleOptions}).
 */
public final class ConsoleHandler {

    /** Logs under the console's public class name, the one operators filter on. */
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
    private final BackendPages backends;
    private final LimitPages limits;
    private final UsagePages usage;
    private final WebhookPages webhooks;
    private final NamespacePages namespaces;
    private final DebugPages debug;
    private final OperatorPages operator;
    private final TeamPages team;

    /** Guarded by {@code this}: the known-browser signer, once the deployment's key is read. */
    private CompletableFuture<KnownBrowser> knownBrowser;

    /** Reads the assets from the jar (blocking): construct it at start-up. */
    public ConsoleHandler(ConsoleContext ctx, ConsoleOptions options) {
        this.ctx = ctx;
        this.options = options;
        Flash flash = new Flash(ctx.clock());
        this.auth = new AuthPages(ctx, layout, new SignInGuard(ctx.clock(), options.addressLimits()), this::knownBrowser);
        this.setup = new SetupPages(ctx, layout, auth, options.setupTokenFile());
        this.dashboard = new DashboardPages(ctx, layout, flash);
        this.projects = new ProjectPages(ctx, layout, flash);
        this.backends = new BackendPages(ctx, layout, flash);
        this.limits = new LimitPages(ctx, layout, flash);
        this.usage = new UsagePages(ctx, layout);
        this.webhooks = new WebhookPages(ctx, layout, flash);
        this.namespaces = new NamespacePages(ctx, layout, flash);
        this.debug = new DebugPages(ctx, layout);
        this.operator = new OperatorPages(ctx, layout);
        this.team = new TeamPages(ctx, layout, flash);
    }

    /** Whether the console serves this path (without the query string). */
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

    /**
     * Answers one request of a path {@link #matches} accepted. Without the peer's address every
     * visitor counts as one client: the binding always passes it. The stage never fails.
     */
    public CompletionStage<WebResponse> handle(WebRequest request) {
        String path = request.path();
        ConsoleRequest r;
        try {
            r = ConsoleRequest.read(request, options);
        } catch (Form.Refused e) {
            if (e.status == HttpStatus.REQUEST_ENTITY_TOO_LARGE.code()) {
                // Every 413 of the server has the same JSON body, whichever route refused it.
                return Responses.done(Responses.jsonError(HttpStatus.REQUEST_ENTITY_TOO_LARGE,
                        "body_too_large", "request body must be at most " + Form.MAX_BODY + " bytes"));
            }
            return Responses.done(layout.error(nobody(), HttpStatus.of(e.status),
                    "The form could not be read", e.getMessage()));
        }
        Page page = r.target().page();
        if (!page.accepts(r.method())) {
            WebResponse resp = layout.error(nobody(), HttpStatus.METHOD_NOT_ALLOWED,
                    "Method not allowed", "This page accepts " + page.allow() + ".");
            resp.headers().set(WebResponse.ALLOW, page.allow());
            return Responses.done(resp);
        }
        if (page == Page.ASSET) {
            return Responses.done(assets.serve(path).orElseGet(() -> layout.error(nobody(),
                    HttpStatus.NOT_FOUND, "Not found", "There is no such file.")));
        }
        CompletableFuture<WebResponse> out = new CompletableFuture<>();
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

    private CompletionStage<WebResponse> dispatch(ConsoleRequest r, Visitor v) {
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
            case OPERATOR -> v.account().admin() ? operator.page(v)
                    : Responses.done(layout.error(v, HttpStatus.FORBIDDEN, "Administrators only",
                    "The operator page shows this deployment's nodes and health to its administrators."));
            default -> withProject(r, v);
        };
    }

    /**
     * Project pages: the project must exist and the visitor must be a member (or an
     * administrator), else 404 without a hint that it exists; then its role must allow the page
     * ({@link ProjectAccess}), else 403.
     */
    private CompletionStage<WebResponse> withProject(ConsoleRequest r, Visitor visitor) {
        Page page = r.target().page();
        return ctx.projects().find(r.target().projectId()).thenCompose(found -> (found.isEmpty()
                ? CompletableFuture.completedFuture(Optional.<ProjectRole>empty()) : roleIn(visitor, found.get()))
                .thenCompose(role -> {
                    if (role.isEmpty()) {
                        return Responses.done(page.json()
                                ? Responses.jsonError(HttpStatus.NOT_FOUND, "not_found", "no such project")
                                : notFound(visitor));
                    }
                    if (!ProjectAccess.allows(role.get(), page, r.post())) {
                        return Responses.done(notAllowed(r, visitor, role.get()));
                    }
                    return project(r, visitor.in(role.get()), found.get());
                }));
    }

    /** The visitor's role in the project: administrators act as owners everywhere. */
    private CompletionStage<Optional<ProjectRole>> roleIn(Visitor v, Project p) {
        return v.account().admin() ? CompletableFuture.completedFuture(Optional.of(ProjectRole.OWNER))
                : ctx.projects().members().roleOf(p.id(), v.account().id());
    }

    private CompletionStage<WebResponse> project(ConsoleRequest r, Visitor v, Project project) {
        return switch (r.target().page()) {
            case PROJECT -> projects.view(r, v, project);
            case STATS -> projects.stats(project);
            case SETTINGS -> projects.settings(v, project);
            case ROTATE -> projects.rotate(r, v, project);
            case ROTATE_CLIENT -> projects.rotateClient(r, v, project);
            case RENAME -> projects.rename(r, v, project);
            case DELETE -> projects.delete(r, v, project);
            case DEBUG -> debug.page(v, project);
            case DEBUG_PUBLISH -> debug.publish(r, v, project, wantsJson(r));
            case DEBUG_TOKEN -> debug.token(r, v, project);
            case BACKENDS -> r.post() ? backends.change(r, v, project) : backends.view(v, project);
            case BACKEND_SECRET -> backends.rotateSecret(v, project);
            case LIMITS -> r.post() ? limits.change(r, v, project) : limits.view(v, project);
            case USAGE -> usage.view(v, project);
            case NAMESPACES -> r.post() ? namespaces.change(r, v, project) : namespaces.view(v, project);
            case WEBHOOKS -> r.post() ? webhooks.add(r, v, project) : webhooks.view(v, project);
            case WEBHOOK_REMOVE -> webhooks.remove(r, v, project);
            case MEMBERS, MEMBER_ROLE, MEMBER_REMOVE, LEAVE, AUDIT -> team.handle(r, v, project);
            default -> Responses.done(notFound(v));
        };
    }

    private WebResponse notAllowed(ConsoleRequest r, Visitor v, ProjectRole role) {
        if (r.target().page().json() || r.csrfHeader() != null) {
            return Responses.jsonError(HttpStatus.FORBIDDEN, "forbidden", "your role in this project does not allow this");
        }
        return layout.error(v, HttpStatus.FORBIDDEN, "Not allowed for your role",
                "You are a " + role.id() + " of this project, and this needs a role with more rights. "
                        + "Ask one of the project's owners.");
    }

    private static boolean wantsJson(ConsoleRequest r) {
        return r.csrfHeader() != null;
    }

    private WebResponse signInFirst(ConsoleRequest r) {
        if (r.target().page().json() || r.csrfHeader() != null) {
            return Responses.jsonError(HttpStatus.UNAUTHORIZED, "unauthorized", "sign in again");
        }
        if (!r.post()) {
            return Responses.redirect("/login?next=" + UrlEncoded.encodeComponent(r.path()));
        }
        return Responses.redirect("/login");
    }

    private WebResponse forbidden(ConsoleRequest r, Visitor v) {
        if (r.target().page().json() || r.csrfHeader() != null) {
            return Responses.jsonError(HttpStatus.FORBIDDEN, "csrf_failed",
                    "the security token is missing or expired; reload the page");
        }
        return layout.error(v, HttpStatus.FORBIDDEN, "This form has expired",
                "For your security, the form's token was missing or no longer valid (for example after "
                        + "signing in elsewhere or a server restart). Go back, reload the page and try again.");
    }

    private WebResponse notFound(Visitor v) {
        return layout.error(v, HttpStatus.NOT_FOUND, "Page not found",
                "There is no such page, or the project does not exist or is not yours.");
    }

    /** Cookies every response of this visitor needs, and HSTS over HTTPS when configured. */
    private WebResponse finish(ConsoleRequest r, Visitor v, WebResponse resp) {
        if (r.secure() && r.https() && !options.hstsMaxAge().isZero()) {
            resp.headers().set("Strict-Transport-Security", "max-age=" + options.hstsMaxAge().toSeconds());
        }
        boolean setsSession = resp.headers().getAll(WebResponse.SET_COOKIE).stream()
                .anyMatch(c -> c.startsWith(Cookies.name(Cookies.SESSION, r.secure()) + "="));
        if (v.clearSession() && !setsSession) {
            resp.headers().add(WebResponse.SET_COOKIE, Cookies.clear(Cookies.SESSION, r.secure()));
        }
        if (v.formCookie() != null) {
            resp.headers().add(WebResponse.SET_COOKIE,
                    Cookies.set(Cookies.FORM, v.formCookie(), FORM_COOKIE_AGE, r.secure()));
        }
        return resp;
    }

    private WebResponse failure(ConsoleRequest r, Visitor v, Throwable e) {
        Throwable cause = Failures.unwrap(e);
        boolean json = r.target().page().json() || r.csrfHeader() != null;
        if (cause instanceof ControlPlaneException cpe && cpe.reason() == ControlPlaneException.Reason.NOT_FOUND) {
            return json ? Responses.jsonError(HttpStatus.NOT_FOUND, "not_found", "no such project") : notFound(v);
        }
        WebResponse resp;
        if (cause instanceof ControlPlaneException cpe && cpe.reason() == ControlPlaneException.Reason.BUSY) {
            long seconds = Math.max(1, cpe.retryAfter().map(d -> d.toSeconds()).orElse(2L));
            resp = json ? Responses.jsonError(HttpStatus.SERVICE_UNAVAILABLE, "busy", "the server is busy; try again")
                    : layout.error(v, HttpStatus.SERVICE_UNAVAILABLE, "Please try again in a moment",
                    "The server is busy checking other sign-ins right now. Nothing was changed; try again in a few seconds.");
            resp.headers().set(WebResponse.RETRY_AFTER, seconds);
            return resp;
        }
        if (cause instanceof StorageException se) {
            LOG.warn("console {} {}: storage unavailable: {}", r.method(), r.path(), se.getMessage());
            resp = json ? Responses.jsonError(HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
                    "the database is unavailable or busy; try again")
                    : layout.error(v, HttpStatus.SERVICE_UNAVAILABLE, "Please try again in a moment",
                    "The console's database is unavailable or busy right now. Nothing was changed.");
            resp.headers().set(WebResponse.RETRY_AFTER, 5);
            return resp;
        }
        // The request's path and method only: forms and headers may hold passwords or tokens.
        LOG.error("console {} {} failed", r.method(), r.path(), cause);
        return json ? Responses.jsonError(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "something went wrong")
                : layout.error(v, HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong",
                "The request could not be completed. Try again; if it keeps failing, tell your administrator.");
    }
}
