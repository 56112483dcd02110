package io.xshathra.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.xshathra.protocol.fuzz.FuzzTarget;
import io.xshathra.protocol.fuzz.Mutation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * Fuzzes the console's forms through {@link Console#handle}, on a real store and engine
 * ({@link ConsoleHarness}): every form page (sign-up, sign-in, sign-out, new project, rename,
 * rotate, delete, debug publish and token) and the GET pages with query strings, posted by a
 * signed-in browser with a valid CSRF token most of the time, the urlencoded bodies mutated at
 * byte level with the format's edge cases (broken and overlong escapes, {@code +}, {@code ;},
 * repeated and empty fields, too many fields, invalid UTF-8) and odd content types. Every answer
 * must come within the per-input limit with a status below 500.
 */
class ConsoleFormFuzzTest {
    private static final List<byte[]> FORM_TOKENS = Mutation.utf8(List.of("%", "%2", "%zz", "%00", "%ff", "%C3",
            "%C3%A9", "%E2%80%AE", "%F0%9F%98%80", "%ED%A0%80", "+", "&", "&&", "=", "==", ";", "_csrf=", "name=",
            "email=", "password=", "channel=", "data=", "%7B%22a%22%3A1%7D", "%22", "%3C%2Fscript%3E", "\u0000",
            "\r\n", "a".repeat(200), "x=1&".repeat(40)));
    private static final List<String> PAGES = List.of("/login", "/signup", "/projects/new", "/projects/{id}/rename",
            "/projects/{id}/rotate", "/projects/{id}/rotate-client", "/projects/{id}/delete",
            "/projects/{id}/debug/publish", "/projects/{id}/debug/token",
            "/logout");

    private final Path dir = tempDir();
    private final ConsoleHarness harness = new ConsoleHarness(dir);
    private ConsoleHarness.Browser browser;
    private String projectId;
    private int projects;
    private FuzzTarget target;

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("console-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterProperty
    void figures() throws IOException {
        harness.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        if (target != null) {
            target.close();
        }
    }

    /** A signed-in browser with a project, made again when an input signed out or deleted it. */
    private void ensureSignedIn() {
        if (browser == null) {
            harness.account("owner@example.com");
        }
        browser = harness.browser().signIn("owner@example.com");
        ConsoleHarness.Response r = browser.post("/projects/new", "name", "fuzz project " + ++projects);
        assertThat(r.status()).as("new project: %s", r.body()).isEqualTo(303);
        projectId = r.header("Location").replaceAll("^/projects/([^/?]+).*$", "$1");
        browser.get(r.header("Location"));
    }

    @Property
    void consoleForms(@ForAll("forms") Form form) {
        if (target == null) {
            target = FuzzTarget.open("controlplane.console.forms");
            ensureSignedIn();
        }
        if (!target.begin(form.body())) {
            return;
        }
        String uri = form.uri().replace("{id}", projectId);
        int status = send(form.method(), uri, form.contentType(), form.body(), form.csrf());
        assertThat(status).as("status for %s %s %s", form.method(), uri, FuzzTarget.hex(form.body())).isLessThan(500);
        target.end(Integer.toString(status));
        if (uri.equals("/logout") || uri.endsWith("/delete") && status == 303) {
            ensureSignedIn();
        }
    }

    private int send(HttpMethod method, String uri, String type, byte[] body, boolean csrf) {
        byte[] content = csrf && method == HttpMethod.POST ? withToken(body) : body;
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri,
                Unpooled.wrappedBuffer(content));
        req.headers().set("Host", "console.test");
        if (type != null) {
            req.headers().set("Content-Type", type);
        }
        StringBuilder c = new StringBuilder();
        browser.cookies.forEach((k, v) -> c.append(c.length() == 0 ? "" : "; ").append(k).append('=').append(v));
        req.headers().set("Cookie", c.toString());
        String path = new QueryStringDecoder(uri).path();
        try {
            if (!harness.console.matches(path)) {
                return 404;
            }
            FullHttpResponse resp = harness.console.handle(req, path).toCompletableFuture().get(30, TimeUnit.SECONDS);
            int status = resp.status().code();
            resp.release();
            return status;
        } catch (Exception e) {
            throw new AssertionError("no answer for " + method + " " + uri + " " + FuzzTarget.hex(body), e);
        } finally {
            req.release();
        }
    }

    private byte[] withToken(byte[] body) {
        byte[] token = ("_csrf=" + URLEncoder.encode(browser.csrf, StandardCharsets.UTF_8) + "&")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[token.length + body.length];
        System.arraycopy(token, 0, out, 0, token.length);
        System.arraycopy(body, 0, out, token.length, body.length);
        return out;
    }

    /** One request of a browser: the page, whether the CSRF token is added, content type and body. */
    record Form(HttpMethod method, String uri, boolean csrf, String contentType, byte[] body) {
    }

    @Provide
    Arbitrary<Form> forms() {
        return Combinators.combine(Arbitraries.longs(), Mutation.edits(5)).as((seed, edits) -> {
            Random r = new Random(seed);
            if (r.nextInt(8) == 0) {
                String q = new String(Mutation.apply("next=%2Fdashboard&tab=keys".getBytes(StandardCharsets.UTF_8),
                        edits, FORM_TOKENS), StandardCharsets.ISO_8859_1).replaceAll("[^\\x21-\\x7e]", "%20");
                List<String> pages = List.of("/login", "/dashboard", "/projects/{id}", "/projects/{id}/debug",
                        "/projects/{id}/stats", "/", "/projects/{id}/settings", "/operator");
                String page = pages.get(r.nextInt(pages.size()));
                return new Form(HttpMethod.GET, page + "?" + q, false, null, new byte[0]);
            }
            String page = PAGES.get(r.nextInt(PAGES.size()));
            String type = switch (r.nextInt(12)) {
                case 0 -> "multipart/form-data; boundary=x";
                case 1 -> null;
                default -> "application/x-www-form-urlencoded";
            };
            byte[] body = Mutation.apply(fields(r, page).getBytes(StandardCharsets.UTF_8), edits, FORM_TOKENS);
            return new Form(HttpMethod.POST, page, r.nextInt(5) != 0, type, body);
        });
    }

    private static String fields(Random r, String page) {
        return switch (page) {
            case "/login" -> "email=someone%40example.com&password=wrong+password&next=%2Fprojects%2Fx";
            case "/signup" -> "email=new" + r.nextInt(1000) + "%40example.com&password=a+long+enough+password"
                    + "&password_confirm=a+long+enough+password";
            case "/projects/new", "/projects/{id}/rename" -> "name=" + (r.nextBoolean() ? "My+App" : "%F0%9F%98%80+x");
            case "/projects/{id}/rotate", "/projects/{id}/rotate-client" -> "grace=" + (r.nextBoolean() ? "3600" : "-1");
            case "/projects/{id}/delete" -> "confirm=" + (r.nextBoolean() ? "fuzz+project+1" : "no");
            case "/projects/{id}/debug/publish" -> "channel=chat%3Aroom&data=%7B%22text%22%3A%22hi%22%7D";
            case "/projects/{id}/debug/token" -> "user=u1&channel=chat%3Aroom&ttl=60";
            default -> "";
        };
    }
}
