package io.xshathra.it;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An unauthenticated flood of console form posts, as an attacker would send them: one visit to
 * the form for a valid pre-session cookie and CSRF token (both reusable), then many posts with
 * made-up emails, from {@code threads} HTTP clients and from {@code pipelined} raw sockets that
 * each write {@code depth} requests at once before reading the answers. Every loop ends at the
 * deadline; sockets and requests have timeouts, so nothing here can run on.
 */
final class ConsoleFlood {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Duration IO_TIMEOUT = Duration.ofSeconds(15);

    private final int port;
    private final String path;
    private final LongFunction<String> form;
    private final String cookie;
    private final Map<String, LongAdder> answers = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();

    /**
     * @param path the form's path ({@code /login} or {@code /signup})
     * @param form the url-encoded fields of the n-th post, without the CSRF field
     */
    private ConsoleFlood(int port, String path, LongFunction<String> form, String cookie) {
        this.port = port;
        this.path = path;
        this.form = form;
        this.cookie = cookie;
    }

    /**
     * Visits the sign-in form once to get a pre-session cookie and its token, as a browser would;
     * the token is bound to the cookie, not to the form, so it serves for {@code path} too (the
     * closed sign-up page has no form to take one from).
     */
    static ConsoleFlood against(int port, String path, LongFunction<String> fields) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login"))
                .timeout(IO_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
        String setCookie = page.headers().allValues("set-cookie").stream().filter(c -> c.startsWith("xs_form="))
                .findFirst().orElseThrow(() -> new AssertionError("no xs_form cookie from GET /login"));
        Matcher m = CSRF.matcher(page.body());
        if (!m.find()) {
            throw new AssertionError("no CSRF field in GET /login");
        }
        String token = URLEncoder.encode(m.group(1), StandardCharsets.UTF_8);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        return new ConsoleFlood(port, path, n -> "_csrf=" + token + "&" + fields.apply(n), cookie);
    }

    /** Starts the flood's threads; they stop by themselves at {@code deadlineNanos}. */
    List<Thread> start(int threads, int pipelined, int depth, long deadlineNanos) {
        List<Thread> all = new ArrayList<>();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (int i = 0; i < threads; i++) {
            all.add(daemon("flood-http-" + i, () -> httpLoop(http, deadlineNanos)));
        }
        for (int i = 0; i < pipelined; i++) {
            all.add(daemon("flood-pipe-" + i, () -> pipelineLoop(depth, deadlineNanos)));
        }
        return all;
    }

    static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void httpLoop(HttpClient http, long deadline) {
        while (System.nanoTime() < deadline) {
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(IO_TIMEOUT).header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Cookie", cookie).POST(HttpRequest.BodyPublishers.ofString(form.apply(sent.incrementAndGet())))
                    .build();
            try {
                count(String.valueOf(http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode()));
            } catch (IOException e) {
                count("io error");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void pipelineLoop(int depth, long deadline) {
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                s.setSoTimeout((int) IO_TIMEOUT.toMillis());
                StringBuilder batch = new StringBuilder();
                for (int i = 0; i < depth; i++) {
                    String body = form.apply(sent.incrementAndGet());
                    batch.append("POST ").append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                            .append("Content-Type: application/x-www-form-urlencoded\r\nCookie: ").append(cookie)
                            .append("\r\nContent-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length)
                            .append("\r\n\r\n").append(body);
                }
                OutputStream out = s.getOutputStream();
                out.write(batch.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
                readAnswers(new BufferedInputStream(s.getInputStream()), depth, deadline);
            } catch (SocketTimeoutException e) {
                count("timeout");
            } catch (IOException e) {
                count("io error");
            }
        }
    }

    /** Reads up to {@code n} responses; a connection the server closes early counts once as closed. */
    private void readAnswers(InputStream in, int n, long deadline) throws IOException {
        for (int i = 0; i < n; i++) {
            String status = readLine(in);
            if (status == null) {
                count("closed early");
                return;
            }
            long length = 0;
            boolean chunked = false;
            for (String h = readLine(in); h != null && !h.isEmpty(); h = readLine(in)) {
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            if (chunked) {
                for (long size = chunk(in); size > 0; size = chunk(in)) {
                    in.skipNBytes(size + 2);
                }
                readLine(in);
            } else {
                in.skipNBytes(length);
            }
            String[] parts = status.split(" ");
            count(parts.length > 1 ? parts[1] : "malformed");
            if (System.nanoTime() > deadline) {
                return;
            }
        }
    }

    private static long chunk(InputStream in) throws IOException {
        String line = readLine(in);
        return line == null ? 0 : Long.parseLong(line.split(";")[0].trim(), 16);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c != -1; c = in.read()) {
            if (c == '\n') {
                int last = sb.length() - 1;
                return last >= 0 && sb.charAt(last) == '\r' ? sb.substring(0, last) : sb.toString();
            }
            sb.append((char) c);
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    private void count(String outcome) {
        answers.computeIfAbsent(outcome, k -> new LongAdder()).increment();
    }

    long sent() {
        return sent.get();
    }

    /** How the posts were answered: HTTP status, or what went wrong on the connection. */
    Map<String, Long> answers() {
        Map<String, Long> out = new TreeMap<>();
        answers.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    long answered() {
        return answers().entrySet().stream().filter(e -> e.getKey().matches("\\d{3}")).mapToLong(Map.Entry::getValue).sum();
    }
}
