package io.xshathra.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.controlplane.console.Routes.Page;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RoutesTest {
    private static final String ID = "proj_01J0000000000000000000000A";

    @ParameterizedTest
    @ValueSource(strings = {"/", "/setup", "/signup", "/login", "/logout", "/dashboard", "/projects", "/projects/new",
        "/projects/" + ID, "/projects/" + ID + "/debug", "/projects/x/unknown", "/console/assets/app.css", "/operator"})
    void ownsItsPages(String path) {
        assertThat(Routes.owns(path)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/realtime/connection/websocket", "/connection/websocket", "/realtime/api/publish",
        "/api", "/api/publish", "/api/realtime/token", "/api/health", "/health", "/realtime/health", "/metrics",
        "/realtime/metrics", "/login/", "/loginx", "/operator/", "/operators", "/setup/", "/setupx", "/dashboards", "/projectsx", "/console", "/console/other",
        "/favicon.ico"})
    void leavesTheEngineAndEverythingElseAlone(String path) {
        assertThat(Routes.owns(path)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "/, HOME, ",
        "/setup, SETUP, ",
        "/signup, SIGNUP, ",
        "/login, LOGIN, ",
        "/logout, LOGOUT, ",
        "/dashboard, DASHBOARD, ",
        "/projects, DASHBOARD, ",
        "/projects/new, NEW_PROJECT, ",
        "/projects/" + ID + ", PROJECT, " + ID,
        "/projects/" + ID + "/stats, STATS, " + ID,
        "/projects/" + ID + "/settings, SETTINGS, " + ID,
        "/operator, OPERATOR, ",
        "/projects/" + ID + "/rotate, ROTATE, " + ID,
        "/projects/" + ID + "/rotate-client, ROTATE_CLIENT, " + ID,
        "/projects/" + ID + "/rename, RENAME, " + ID,
        "/projects/" + ID + "/delete, DELETE, " + ID,
        "/projects/" + ID + "/debug, DEBUG, " + ID,
        "/projects/" + ID + "/debug/publish, DEBUG_PUBLISH, " + ID,
        "/projects/" + ID + "/debug/token, DEBUG_TOKEN, " + ID,
        "/console/assets/app.js, ASSET, ",
        "/projects/" + ID + "/other, NOT_FOUND, ",
        "/projects/" + ID + "/, NOT_FOUND, ",
        "/projects/a%2Fb, NOT_FOUND, ",
        "/projects/../etc, NOT_FOUND, ",
    })
    void resolvesPagesAndProjectIds(String path, Page page, String id) {
        Routes.Target t = Routes.resolve(path);
        assertThat(t.page()).isEqualTo(page);
        assertThat(t.projectId()).isEqualTo(id);
    }

    @ParameterizedTest
    @CsvSource({
        "LOGIN, GET, true", "LOGIN, HEAD, true", "LOGIN, POST, true", "LOGIN, DELETE, false",
        "LOGOUT, GET, false", "LOGOUT, POST, true", "ROTATE, GET, false", "STATS, POST, false",
        "DELETE, GET, true", "DELETE, POST, true", "DEBUG_TOKEN, GET, false",
        "SETTINGS, GET, true", "SETTINGS, POST, false", "OPERATOR, GET, true", "OPERATOR, POST, false",
    })
    void acceptsOnlyItsMethods(Page page, String method, boolean accepted) {
        assertThat(page.accepts(method)).isEqualTo(accepted);
    }

    @ParameterizedTest
    @CsvSource({
        "/projects/" + ID + ", /projects/" + ID,
        "/projects/" + ID + "/debug, /projects/" + ID + "/debug",
        "/projects/new, /projects/new",
        "/projects/" + ID + "/settings, /projects/" + ID + "/settings",
        "/operator, /operator",
        "/dashboard, /dashboard",
        "'', /dashboard",
        "//evil.example/x, /dashboard",
        "https://evil.example, /dashboard",
        "/\\evil.example, /dashboard",
        "/logout, /dashboard",
        "/projects/" + ID + "/delete, /dashboard",
        "/realtime/api, /dashboard",
    })
    void returnsOnlyToItsOwnPagesAfterSignIn(String next, String expected) {
        assertThat(Routes.safeNext(next)).isEqualTo(expected);
    }
}
