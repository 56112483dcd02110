package io.xshathra.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ResourceLeakDetector;
import io.xshathra.engine.EngineParts;
import io.xshathra.engine.Node;
import io.xshathra.engine.api.ApiExecutor;
import io.xshathra.engine.broker.MemoryBroker;
import io.xshathra.engine.config.EngineConfig;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP binding of the server API executor, called directly: the exact bytes of results,
 * errors and batch replies, the transport error mode, the call and error counts, the project
 * header.
 */
class ApiRouteTest {
    private final MemoryBroker broker = new MemoryBroker(Clock.systemUTC(), null);
    private final Node node = EngineParts.builder(TestServer.config(), Clock.systemUTC()).broker(broker)
            .version("test").build();

    /** What a route answered: status code and body text. */
    private record Answer(int status, String body) {
    }

    @BeforeAll
    static void paranoid() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private ApiRoute route(EngineConfig.HttpApi config) {
        return new ApiRoute(new ApiExecutor(node.api()), config, node.metrics(), java.util.List.of("/api"));
    }

    private Answer call(ApiRoute route, String method, String body, Map<String, String> headers) throws Exception {
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/api/" + method,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        req.headers().set("X-API-Key", TestServer.API_KEY);
        headers.forEach(req.headers()::set);
        try {
            FullHttpResponse r = route.handle(req, "/api/" + method).toCompletableFuture().get(5, TimeUnit.SECONDS);
            try {
                return new Answer(r.status().code(), r.content().toString(StandardCharsets.UTF_8));
            } finally {
                r.release();
            }
        } finally {
            req.release();
        }
    }

    private Answer call(String method, String body) throws Exception {
        return call(route(node.config().httpApi()), method, body, Map.of());
    }

    private Answer transport(String method, String body) throws Exception {
        return call(route(node.config().httpApi()), method, body, Map.of("X-Centrifugo-Error-Mode", "transport"));
    }

    @Test
    void resultsAndErrorsHaveTheirWireShapes() throws Exception {
        assertThat(call("publish", "{\"channel\":\"free\",\"data\":{\"a\":1}}"))
                .isEqualTo(new Answer(200, "{\"result\":{}}"));
        assertThat(call("publish", "{\"channel\":\"chat:x\",\"data\":{\"a\":1}}").body())
                .matches("\\{\"result\":\\{\"offset\":1,\"epoch\":\"\\w+\"}}");
        assertThat(call("publish", "{\"channel\":\"nope:x\",\"data\":{}}"))
                .isEqualTo(new Answer(200, "{\"error\":{\"code\":102,\"message\":\"unknown channel\"}}"));
        assertThat(call("history", "{\"channel\":\"chat:x\",\"limit\":-1}").body())
                .matches("\\{\"result\":\\{\"publications\":\\[\\{\"data\":\\{\"a\":1},\"offset\":1}],"
                        + "\"epoch\":\"\\w+\",\"offset\":1}}");
        assertThat(call("presence", "{\"channel\":\"chat:x\"}"))
                .isEqualTo(new Answer(200, "{\"result\":{\"presence\":{}}}"));
        assertThat(call("channels", "{}")).isEqualTo(new Answer(200, "{\"result\":{\"channels\":{}}}"));
        assertThat(call("channels", "{\"pattern\":\"[\"}")).isEqualTo(new Answer(200,
                "{\"error\":{\"code\":100,\"message\":\"internal server error\"}}"));
        assertThat(call("unsubscribe", "{\"user\":\"u\"}")).isEqualTo(new Answer(200, "{\"result\":{}}"));
        assertThat(call("broadcast", "{\"channels\":[\"free\",\"nope:y\"],\"data\":1}")).isEqualTo(new Answer(200,
                "{\"result\":{\"responses\":[{\"result\":{}},"
                        + "{\"error\":{\"code\":102,\"message\":\"unknown channel\"}}]}}"));
        assertThat(call("rpc", "{\"method\":\"m\"}"))
                .isEqualTo(new Answer(200, "{\"error\":{\"code\":104,\"message\":\"not found\"}}"));
    }

    @Test
    void sharedPollPublishIsReadAndChecked() throws Exception {
        String badRequest = "{\"error\":{\"code\":107,\"message\":\"bad request\"}}";
        assertThat(call("shared_poll_publish", "{\"channel\":\"chat:x\",\"key\":\"k\",\"version\":1,\"data\":{}}"))
                .as("not a shared-poll namespace").isEqualTo(new Answer(200, badRequest));
        assertThat(call("shared_poll_publish", "{\"channel\":\"nope:x\",\"key\":\"k\",\"version\":1}"))
                .isEqualTo(new Answer(200, "{\"error\":{\"code\":102,\"message\":\"unknown channel\"}}"));
        assertThat(call("shared_poll_publish", "{\"channel\":\"chat:x\",\"key\":\"k\",\"version\":1,"
                + "\"b64data\":\"%%%\"}")).isEqualTo(new Answer(200, badRequest));
        assertThat(call("batch", "{\"commands\":[{\"shared_poll_publish\":{\"channel\":\"chat:x\"}}]}"))
                .isEqualTo(new Answer(200, "{\"replies\":[" + badRequest + "]}"));
    }

    @Test
    void batchRepliesAreKeyedByMethodInOrderAndAlways200() throws Exception {
        String body = "{\"commands\":[null,{\"publish\":{\"channel\":\"free\",\"data\":1}},{\"batch\":{}},"
                + "{\"nope\":{}},{\"a\":{},\"b\":{}},{\"publish\":{\"channel\":5}},{\"rpc\":{}},"
                + "{\"presence_stats\":{\"channel\":\"chat:x\"}}]}";
        String notFound = "{\"error\":{\"code\":104,\"message\":\"not found\"}}";
        String badRequest = "{\"error\":{\"code\":107,\"message\":\"bad request\"}}";
        String replies = "{\"replies\":[" + badRequest + ",{\"publish\":{}}," + notFound + "," + notFound + ","
                + notFound + "," + badRequest + "," + badRequest + ","
                + "{\"presence_stats\":{\"num_clients\":0,\"num_users\":0}}]}";
        assertThat(call("batch", body)).isEqualTo(new Answer(200, replies));
        assertThat(transport("batch", body)).isEqualTo(new Answer(200, replies));
        assertThat(call("batch", "{\"commands\":{}}")).isEqualTo(new Answer(400, "Bad Request"));
    }

    @Test
    void transportErrorModeAnswersTheCataloguesStatusWithTheBareError() throws Exception {
        call("publish", "{\"channel\":\"chat:x\",\"data\":{}}");
        assertThat(transport("publish", "{\"channel\":\"nope:x\"}"))
                .isEqualTo(new Answer(404, "{\"code\":102,\"message\":\"unknown channel\"}"));
        assertThat(transport("rpc", "{\"method\":\"m\"}"))
                .isEqualTo(new Answer(404, "{\"code\":104,\"message\":\"not found\"}"));
        assertThat(transport("publish", "{\"channel\":\"\"}"))
                .isEqualTo(new Answer(400, "{\"code\":107,\"message\":\"bad request\"}"));
        assertThat(transport("presence", "{\"channel\":\"free\"}"))
                .isEqualTo(new Answer(400, "{\"code\":108,\"message\":\"not available\"}"));
        assertThat(transport("history", "{\"channel\":\"chat:x\",\"since\":{\"offset\":1,\"epoch\":\"old\"}}"))
                .isEqualTo(new Answer(416, "{\"code\":112,\"message\":\"unrecoverable position\"}"));
        assertThat(transport("history", "{\"channel\":\"chat:x\",\"since\":{\"offset\":0},\"reverse\":true}"))
                .isEqualTo(new Answer(500, "{\"code\":100,\"message\":\"internal server error\"}"));
        assertThat(transport("publish", "{\"channel\":\"free\",\"data\":1}"))
                .isEqualTo(new Answer(200, "{\"result\":{}}"));

        ApiRoute configured = route(new EngineConfig.HttpApi(TestServer.API_KEY, false, "transport"));
        assertThat(call(configured, "publish", "{\"channel\":\"nope:x\"}", Map.of()))
                .isEqualTo(new Answer(404, "{\"code\":102,\"message\":\"unknown channel\"}"));
    }

    @Test
    void callsAndErrorsAreCountedPerMethodBatchCommandsNot() throws Exception {
        call("publish", "{\"channel\":\"free\",\"data\":1}");
        call("publish", "{\"channel\":\"nope:x\",\"data\":1}");
        call("batch", "{\"commands\":[{\"publish\":{\"channel\":\"nope:x\"}}]}");
        assertThat(node.metrics().apiCalls().get("publish").sum()).isEqualTo(2);
        assertThat(node.metrics().apiCalls().get("batch").sum()).isEqualTo(1);
        assertThat(node.metrics().apiErrors().get("publish").sum()).isEqualTo(1);
        assertThat(node.metrics().apiErrors()).doesNotContainKey("batch");
    }

    @Test
    void theProjectHeaderAddressesThatProjectsSpace() throws Exception {
        ApiRoute route = route(node.config().httpApi());
        Map<String, String> p1 = Map.of(ApiRoute.PROJECT_HEADER, "p1");
        call(route, "publish", "{\"channel\":\"chat:x\",\"data\":{}}", p1);
        assertThat(call(route, "history", "{\"channel\":\"chat:x\",\"limit\":-1}", p1).body())
                .contains("\"publications\":[{\"data\":{},\"offset\":1}]");
        assertThat(call(route, "history", "{\"channel\":\"chat:x\",\"limit\":-1}", Map.of()).body())
                .contains("\"publications\":[]");
    }
}
