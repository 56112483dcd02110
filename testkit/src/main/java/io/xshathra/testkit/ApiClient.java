package io.xshathra.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A client of a running server's HTTP server API: POSTs a body to {@code <base>/<method>} with
 * the {@code X-API-Key} header and returns the raw response, whatever its status, so tests
 * assert on status and bytes. Sends no other header unless the caller gives it.
 */
public final class ApiClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String apiKey;

    /**
     * @param baseUrl the API's base, e.g. {@code http://127.0.0.1:1234/realtime/api}; a method name follows
     * @param apiKey  the server API key
     */
    public ApiClient(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
    }

    /** The API's base URL. */
    public String baseUrl() {
        return baseUrl;
    }

    /** POSTs {@code body} to the method; the response within 10 seconds. */
    public HttpResponse<String> post(String method, String body) {
        return post(method, body, Map.of());
    }

    /** POSTs {@code body} to the method with extra headers; the response within 10 seconds. */
    public HttpResponse<String> post(String method, String body, Map<String, String> headers) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(baseUrl + "/" + method))
                .timeout(TIMEOUT)
                .header("X-API-Key", apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(req::header);
        try {
            return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling " + method, e);
        }
    }

    /**
     * Like {@link #post(String, String, Map)} but fails unless the call answered 200 with a
     * {@code result}; the body.
     */
    public String postOk(String method, String body, Map<String, String> headers) {
        HttpResponse<String> r = post(method, body, headers);
        if (r.statusCode() != 200 || !r.body().startsWith("{\"result\"")) {
            throw new AssertionError("API " + method + " " + body + " answered " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }
}
