package io.xshathra.controlplane.console;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.QueryStringEncoder;
import io.xshathra.controlplane.security.HashingPool;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import io.xshathra.controlplane.storage.DatabaseUrl;
import io.xshathra.controlplane.storage.StoreTestBase;
import io.xshathra.engine.EngineParts;
import io.xshathra.engine.Node;
import io.xshathra.engine.api.ApiExecutor;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.EngineConfig;
import io.xshathra.engine.token.TokenMinter;
import io.xshathra.testkit.MutableClock;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console on a real store (SQLite in a temporary folder, cheap Argon2) and a real engine
 * node, called the way the router calls it, with a small cookie jar per browser.
 */
final class ConsoleHarness implements AutoCloseable {
    static final String SECRET = "console-test-secret";
    static final String PASSWORD = "a long enough password";
    /** The administrator of {@link #signedInAdmin()}. */
    static final String ADMIN = "admin@example.com";
    private static final Pattern CSRF = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]*)\">");

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    final ControlPlaneStore store;
    final Node node;
    final Console console;
    /** What the operator page reports as the health check's answer. */
    final java.util.concurrent.atomic.AtomicBoolean healthy = new java.util.concurrent.atomic.AtomicBoolean(true);

    private int browsers;

    /** One browser: its cookies, the CSRF token of the last page it saw, and its own address. */
    final class Browser {
        final Map<String, String> cookies = new LinkedHashMap<>();
        String csrf = "";
        final Map<String, String> headers = new LinkedHashMap<>();
        /** The TCP peer the console sees; each browser has its own unless a test sets one. */
        InetSocketAddress peer = new InetSocketAddress("10.1." + (++browsers / 250) + "." + (browsers % 250 + 1), 40000);

        /** Sends its cookies with the {@code __Host-} prefix, as a browser on HTTPS does. */
        boolean secureCookies;

        Browser from(String address) {
            peer = new InetSocketAddress(address, 40000);
            return this;
        }

        Response get(String uri) {
            return ConsoleHarness.this.send(this, HttpMethod.GET, uri, null, null);
        }

        /** Posts a form; the page's CSRF token is added unless the fields set {@code _csrf}. */
        Response post(String uri, String... fields) {
            QueryStringEncoder enc = new QueryStringEncoder("");
            boolean hasToken = false;
            for (int i = 0; i < fields.length; i += 2) {
                enc.addParam(fields[i], fields[i + 1]);
                hasToken |= fields[i].equals("_csrf");
            }
            if (!hasToken) {
                enc.addParam("_csrf", csrf);
            }
            return ConsoleHarness.this.send(this, HttpMethod.POST, uri, "application/x-www-form-urlencoded",
                    enc.toString().substring(1));
        }

        Response send(HttpMethod method, String uri, String type, String body) {
            return ConsoleHarness.this.send(this, method, uri, type, body);
        }

        /** Signs in (the account must exist) and keeps the session cookie. */
        Browser signIn(String email) {
            get("/login");
            Response r = post("/login", "email", email, "password", PASSWORD);
            if (r.status() != 303) {
                throw new AssertionError("sign-in failed: " + r.status() + " " + r.body());
            }
            get(r.header("Location")); // as a browser follows the redirect, picking up the session's CSRF token
            return this;
        }

        /** Creates a project through the form (the console answers 303 to its page); its id. */
        String createProject(String name) {
            Response r = post("/projects/new", "name", name);
            if (r.status() != 303) {
                throw new AssertionError("creating project " + name + " failed: " + r.status() + " " + r.body());
            }
            return r.header("Location").substring("/projects/".length());
        }
    }

    /** The administrator's browser, signed in, and the id of the project it created. */
    record AdminProject(Browser admin, String id) {
    }

    /** A response, released already. */
    record Response(int status, HttpHeaders headers, String body) {
        String header(String name) {
            return headers.get(name);
        }

        List<String> setCookies() {
            return headers.getAll("Set-Cookie");
        }
    }

    ConsoleHarness(Path dir) {
        this(dir, ConsoleOptions.DEFAULTS);
    }

    ConsoleHarness(Path dir, ConsoleOptions options) {
        this(dir, options, HashingPool.Size.forThisMachine());
    }

    ConsoleHarness(Path dir, ConsoleOptions options, HashingPool.Size hashing) {
        store = ControlPlaneStore.open(DatabaseUrl.sqlite(dir),
                ControlPlaneStore.Options.defaults().withClock(clock).withPasswords(StoreTestBase.CHEAP), hashing);
        EngineConfig base = EngineConfig.defaults(SECRET, "api-key");
        ChannelOptions.Builder chat = ChannelOptions.builder();
        chat.historySize = 10;
        chat.historyTtl = java.time.Duration.ofMinutes(5);
        EngineConfig cfg = base.withChannel(base.channel().withNamespaces(ChannelOptions.builder().build(),
                Map.of("chat", chat.build(), "public", ChannelOptions.builder().build())));
        node = EngineParts.builder(cfg, clock).version("test").build();
        console = new Console(new ConsoleContext(store.accounts(), store.sessions(), store.projects(),
                new ApiExecutor(node.api()), node, new TokenMinter(cfg.client(), node.channelRules(), clock),
                "/realtime/connection/websocket", clock,
                new Deployment("9.8.7-test", "memory (this node only)", "SQLite", healthy::get), null, null, null)
                .withLimits(new io.xshathra.controlplane.limits.ProjectLimitService(store.limits(),
                        new io.xshathra.controlplane.limits.ProjectLimiter(limitIndex(),
                                node.sessions(), System::nanoTime)))
                .withWebhooks(store.webhooks()), options);
    }

    /** Projects' limits, loaded and following the change feed, as the server has them. */
    private io.xshathra.controlplane.limits.ProjectLimitIndex limitIndex() {
        io.xshathra.controlplane.limits.ProjectLimitIndex index = io.xshathra.controlplane.limits.ProjectLimitIndex
                .create(store.limits(), io.xshathra.controlplane.limits.LimitSettings.UNLIMITED);
        io.xshathra.controlplane.ProjectIndexLoader.start(store.events(), index);
        return index;
    }

    Browser browser() {
        return new Browser();
    }

    /** A first-run setup token, as {@code serve} makes at startup. */
    String setupToken() {
        return await(store.accounts().openSetup()).orElseThrow();
    }

    /** Creates an account directly in the store (the first one is the administrator). */
    void account(String email) {
        await(store.accounts().createUser(email, PASSWORD));
    }

    /** Creates the administrator's account ({@link #ADMIN}, the first one) and signs it in. */
    Browser signedInAdmin() {
        account(ADMIN);
        return browser().signIn(ADMIN);
    }

    /** {@link #signedInAdmin()} with one project of that name created through the console. */
    AdminProject adminWithProject(String name) {
        Browser admin = signedInAdmin();
        return new AdminProject(admin, admin.createProject(name));
    }

    Response send(Browser b, HttpMethod method, String uri, String type, String body) {
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri,
                Unpooled.copiedBuffer(body == null ? "" : body, StandardCharsets.UTF_8));
        req.headers().set("Host", "console.test");
        if (type != null) {
            req.headers().set("Content-Type", type);
        }
        b.headers.forEach((k, v) -> req.headers().set(k, v));
        if (!b.cookies.isEmpty()) {
            StringBuilder c = new StringBuilder();
            String prefix = b.secureCookies ? Cookies.HOST_PREFIX : "";
            b.cookies.forEach((k, v) -> c.append(c.length() == 0 ? "" : "; ").append(prefix).append(k).append('=').append(v));
            req.headers().set("Cookie", c.toString());
        }
        String path = new QueryStringDecoder(uri).path();
        if (!console.matches(path)) {
            req.release();
            throw new AssertionError("the console does not serve " + path);
        }
        FullHttpResponse resp;
        try {
            resp = console.handle(req, path, b.peer).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            req.release();
        }
        Response r = new Response(resp.status().code(), resp.headers(), resp.content().toString(StandardCharsets.UTF_8));
        resp.release();
        remember(b, r);
        return r;
    }

    private static void remember(Browser b, Response r) {
        for (String set : r.setCookies()) {
            String pair = set.split(";", 2)[0];
            if (pair.startsWith(Cookies.HOST_PREFIX)) {
                b.secureCookies = true;
                pair = pair.substring(Cookies.HOST_PREFIX.length());
            }
            String name = pair.substring(0, pair.indexOf('='));
            String value = pair.substring(pair.indexOf('=') + 1);
            if (set.contains("Max-Age=0")) {
                b.cookies.remove(name);
            } else {
                b.cookies.put(name, value);
            }
        }
        Matcher m = CSRF.matcher(r.body());
        if (m.find()) {
            b.csrf = m.group(1);
        }
    }

    static <T> T await(java.util.concurrent.CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        node.shutdown();
        store.close();
    }
}
