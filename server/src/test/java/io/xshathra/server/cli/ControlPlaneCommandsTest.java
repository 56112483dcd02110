package io.xshathra.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xshathra.controlplane.Project;
import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.controlplane.security.SetupTokenFile;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The account and project commands end to end, on an SQLite file in a temporary data folder. */
class ControlPlaneCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CREATE_JSON = "\\{\"id\":\"proj_[0-9A-HJKMNP-TV-Z]{26}\",\"name\":\"%s\","
            + "\"server_api_key\":\"xs_sk_[0-9A-Za-z]{43}\",\"client_api_key\":\"xs_pk_[0-9A-Za-z]{33}\"}";

    @TempDir
    Path dir;
    private CliRunner cli;

    @BeforeEach
    void setUp() {
        cli = CliRunner.withDataDir(dir);
    }

    private Optional<Project> authenticate(String serverKey) {
        try (ControlPlaneStore store = ControlPlaneStore.open(dir.resolve("data"), null)) {
            return store.directory().authenticateServerKey(serverKey).toCompletableFuture().join();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"user", "user create", "user signup", "project", "project create", "project list", "project rotate-key",
            "project rotate-client-key", "project rename", "project delete", "project backend"})
    void everyCommandHasHelp(String command) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.add("--help");
        assertThat(cli.run(args.toArray(String[]::new))).isZero();
        assertThat(cli.out).contains("Usage: xshathra " + command);
        if (!command.equals("user") && !command.equals("project")) {
            assertThat(cli.out).contains("--data-dir").contains("--database-url");
        }
    }

    @Test
    void creatingTheFirstAccountEndsFirstRunSetup() throws Exception {
        Path tokenFile = dir.resolve("data").resolve(SetupTokenFile.NAME);
        String token;
        try (ControlPlaneStore store = ControlPlaneStore.open(dir.resolve("data"), null)) {
            token = store.accounts().openSetup().toCompletableFuture().join().orElseThrow();
        }
        SetupTokenFile.write(tokenFile, token);
        cli.createUser("ops@example.com");
        assertThat(cli.out).contains("it is the administrator");
        assertThat(tokenFile).doesNotExist();
        try (ControlPlaneStore store = ControlPlaneStore.open(dir.resolve("data"), null)) {
            assertThatThrownBy(() -> store.accounts().setUp(token, "eve@example.com", "correct horse battery")
                    .toCompletableFuture().join()).hasCauseInstanceOf(ControlPlaneException.class);
            assertThat(store.accounts().openSetup().toCompletableFuture().join()).isEmpty();
        }
    }

    @Test
    void signupIsClosedByDefaultAndCanBeOpened() {
        ControlPlaneStore.open(dir.resolve("data"), null).close(); // a server ran here once
        assertThat(cli.run("user", "signup", "status")).as(cli.err).isZero();
        assertThat(cli.out).contains("console sign-up is closed");
        assertThat(cli.run("user", "signup", "open")).as(cli.err).isZero();
        assertThat(cli.out).contains("console sign-up is open");
        try (ControlPlaneStore store = ControlPlaneStore.open(dir.resolve("data"), null)) {
            assertThat(store.accounts().isOpenSignup().toCompletableFuture().join()).isTrue();
        }
        assertThat(cli.run("user", "signup", "closed")).isZero();
        assertThat(cli.out).contains("console sign-up is closed");
        assertThat(cli.run("user", "signup", "maybe")).isEqualTo(2);
    }

    @Test
    void groupsWithoutASubcommandPrintUsage() {
        assertThat(cli.run("project")).isEqualTo(2);
        assertThat(cli.err).contains("create").contains("rotate-key").contains("delete");
        assertThat(cli.run("user")).isEqualTo(2);
        assertThat(cli.run("project", "create")).isEqualTo(2);
    }

    @Test
    void theFirstUserIsTheAdministrator() {
        assertThat(cli.run(FakeTerminal.piped("correct horse battery\r\n"), "user", "create", "Admin@Example.com",
                "--password-stdin")).isZero();
        assertThat(cli.out).matches("(?s)created account acct_\\S+ for admin@example.com\\R"
                + "it is the administrator: the first account on this deployment\\R");
        assertThat(Files.exists(dir.resolve("data/xshathra.db"))).isTrue();

        assertThat(cli.run(FakeTerminal.piped("another good password"), "user", "create", "dev@example.com",
                "--password-stdin")).isZero();
        assertThat(cli.out).contains("created account").doesNotContain("administrator");

        assertThat(cli.run(FakeTerminal.piped("correct horse battery\n"), "user", "create", "dev@example.com",
                "--password-stdin")).isEqualTo(1);
        assertThat(cli.err).contains("already exists");

        try (ControlPlaneStore store = ControlPlaneStore.open(dir.resolve("data"), null)) {
            assertThat(store.accounts().authenticate("admin@example.com", "correct horse battery")
                    .toCompletableFuture().join()).isPresent();
        }
    }

    @Test
    void userCreateRefusesBadInput() {
        assertThat(cli.run(FakeTerminal.piped("short\n"), "user", "create", "a@example.com", "--password-stdin"))
                .isEqualTo(2);
        assertThat(cli.err).contains("at least 10 characters");
        assertThat(cli.run(FakeTerminal.piped("correct horse battery\n"), "user", "create", "not-an-email",
                "--password-stdin")).isEqualTo(2);
        assertThat(cli.err).contains("email");
        assertThat(cli.run(FakeTerminal.piped("correct horse battery\n"), "user", "create", "a@example.com")).isEqualTo(2);
        assertThat(cli.err).contains("--password-stdin");
    }

    @Test
    void userCreateAsksTwiceOnATerminal() {
        FakeTerminal mismatch = FakeTerminal.typing("correct horse battery", "correct horse batterx");
        assertThat(cli.run(mismatch, "user", "create", "me@example.com")).isEqualTo(1);
        assertThat(cli.err).contains("do not match");
        assertThat(mismatch.prompts).hasSize(2);

        FakeTerminal good = FakeTerminal.typing("correct horse battery", "correct horse battery");
        assertThat(cli.run(good, "user", "create", "me@example.com")).isZero();
        assertThat(good.prompts.get(0)).contains("Password for me@example.com");
        assertThat(cli.out).contains("administrator");

        FakeTerminal weak = FakeTerminal.typing("short");
        assertThat(cli.run(weak, "user", "create", "you@example.com")).isEqualTo(2);
        assertThat(weak.prompts).as("not asked again after a refused password").hasSize(1);
    }

    @Test
    void projectCreateJsonPrintsExactlyTheFourFields() throws Exception {
        cli.createUser("owner@example.com");
        assertThat(cli.run("project", "create", "staging", "--json")).isZero();
        assertThat(cli.out).matches(String.format(CREATE_JSON, "staging") + "\\R");
        assertThat(cli.err).isEmpty();
        JsonNode json = JSON.readTree(cli.out);
        List<String> fields = new ArrayList<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("id", "name", "server_api_key", "client_api_key");

        Optional<Project> p = authenticate(json.get("server_api_key").asText());
        assertThat(p).map(Project::id).contains(json.get("id").asText());
        assertThat(p).map(Project::clientApiKey).contains(json.get("client_api_key").asText());
    }

    @Test
    void projectCreateWithoutJsonSaysTheKeyIsShownOnce() throws Exception {
        cli.createUser("owner@example.com");
        assertThat(cli.run("project", "create", "production")).isZero();
        assertThat(cli.out).contains("Created project \"production\" for owner@example.com")
                .containsPattern("server_api_key  xs_sk_[0-9A-Za-z]{43}")
                .containsPattern("client_api_key  xs_pk_[0-9A-Za-z]{33}")
                .contains("shown only this once")
                .containsPattern("xshathra project rotate-key proj_");
    }

    @Test
    void theOwnerIsTheAdministratorUnlessNamed() throws Exception {
        ControlPlaneStore.open(dir.resolve("data"), null).close(); // a server ran here, nobody signed up
        assertThat(cli.run("project", "create", "early", "--json")).isEqualTo(1);
        assertThat(cli.err).contains("no account yet").contains("xshathra user create");
        assertThat(cli.out).isEmpty();

        cli.createUser("admin@example.com");
        cli.createUser("dev@example.com");
        cli.createProject("admin's");
        cli.createProject("dev's", "--owner", "DEV@example.com");
        assertThat(cli.run("project", "create", "x", "--owner", "nobody@example.com")).isEqualTo(1);
        assertThat(cli.err).contains("no account with the email nobody@example.com");

        assertThat(cli.run("project", "list", "--json")).isZero();
        JsonNode all = JSON.readTree(cli.out);
        assertThat(all).hasSize(2);
        assertThat(all.get(0).get("owner_email").asText()).isEqualTo("admin@example.com");
        assertThat(all.get(1).get("owner_email").asText()).isEqualTo("dev@example.com");
        assertThat(cli.run("project", "list", "--owner", "dev@example.com", "--json")).isZero();
        assertThat(JSON.readTree(cli.out)).hasSize(1);
    }

    @Test
    void projectListNeverShowsAServerKey() throws Exception {
        cli.createUser("owner@example.com");
        JsonNode a = cli.createProject("alpha");
        JsonNode b = cli.createProject("beta");
        List<String> secrets = List.of(a.get("server_api_key").asText(), b.get("server_api_key").asText());

        assertThat(cli.run("project", "list")).isZero();
        String table = cli.out;
        assertThat(table).contains("ID", "NAME", "CLIENT API KEY", "SERVER KEY", "alpha", "beta",
                a.get("client_api_key").asText(), secrets.get(0).substring(0, 10) + "...");
        assertThat(cli.run("project", "list", "--json")).isZero();
        String json = cli.out;
        JsonNode list = JSON.readTree(json);
        assertThat(list.get(0).get("server_key_hint").asText()).isEqualTo(secrets.get(0).substring(0, 10));
        assertThat(list.get(0).has("server_api_key")).isFalse();
        for (String secret : secrets) {
            assertThat(table).doesNotContain(secret).doesNotContain(secret.substring(10));
            assertThat(json).doesNotContain(secret).doesNotContain(secret.substring(10));
        }
    }

    @Test
    void theFirstCommandOnAnEmptyDatabasePrintsOnlyItsResult() {
        ControlPlaneStore.open(dir.resolve("data"), null).close();
        assertThat(cli.run("project", "list", "--json")).isZero();
        assertThat(cli.err).isEmpty();
        assertThat(cli.out).isEqualTo("[]" + System.lineSeparator());
        assertThat(cli.run("project", "list")).isZero();
        assertThat(cli.out.strip()).isEqualTo("no projects");
    }

    @Test
    void rotateKeyWithAndWithoutGrace() throws Exception {
        cli.createUser("owner@example.com");
        JsonNode created = cli.createProject("rotating");
        String id = created.get("id").asText();
        String original = created.get("server_api_key").asText();

        assertThat(cli.run("project", "rotate-key", id, "--grace", "3600", "--json")).isZero();
        JsonNode graced = JSON.readTree(cli.out);
        assertThat(graced.get("id").asText()).isEqualTo(id);
        assertThat(graced.get("server_api_key").asText()).matches("xs_sk_[0-9A-Za-z]{43}");
        assertThat(graced.get("previous_key_valid_until").asText()).endsWith("Z");
        assertThat(authenticate(original)).isPresent();
        assertThat(authenticate(graced.get("server_api_key").asText())).isPresent();

        assertThat(cli.run("project", "rotate-key", id)).isZero();
        assertThat(cli.out).contains("shown only this once").contains("The previous key has stopped working.");
        String newest = cli.out.replaceAll("(?s).*server_api_key  (xs_sk_[0-9A-Za-z]{43}).*", "$1");
        assertThat(authenticate(newest)).isPresent();
        assertThat(authenticate(original)).isEmpty();
        assertThat(authenticate(graced.get("server_api_key").asText())).isEmpty();

        assertThat(cli.run("project", "rotate-key", id, "--json")).isZero();
        assertThat(JSON.readTree(cli.out).get("previous_key_valid_until").isNull()).isTrue();

        assertThat(cli.run("project", "rotate-key", id, "--grace", "-1")).isEqualTo(2);
        assertThat(cli.run("project", "rotate-key", id, "--grace", "9999999")).isEqualTo(2);
        assertThat(cli.err).contains("30 days");
        assertThat(cli.run("project", "rotate-key", "proj_nope")).isEqualTo(1);
        assertThat(cli.err).contains("no such project");
    }

    private Optional<Project> byClientKey(String clientKey) {
        try (ControlPlaneStore store = ControlPlaneStore.open(dir.resolve("data"), null)) {
            return store.directory().findByClientKey(clientKey).toCompletableFuture().join();
        }
    }

    @Test
    void rotateClientKeyWithAndWithoutGrace() throws Exception {
        cli.createUser("owner@example.com");
        JsonNode created = cli.createProject("apps");
        String id = created.get("id").asText();
        String original = created.get("client_api_key").asText();
        String serverKey = created.get("server_api_key").asText();

        assertThat(cli.run("project", "rotate-client-key", id, "--grace", "3600", "--json")).isZero();
        JsonNode graced = JSON.readTree(cli.out);
        assertThat(graced.get("id").asText()).isEqualTo(id);
        assertThat(graced.get("client_api_key").asText()).matches("xs_pk_[0-9A-Za-z]{33}").isNotEqualTo(original);
        assertThat(graced.get("previous_key_valid_until").asText()).endsWith("Z");
        assertThat(byClientKey(original)).isPresent();
        assertThat(byClientKey(graced.get("client_api_key").asText())).isPresent();

        assertThat(cli.run("project", "rotate-client-key", id)).isZero();
        assertThat(cli.out).contains("The previous key has stopped connecting.");
        String newest = cli.out.replaceAll("(?s).*client_api_key  (xs_pk_[0-9A-Za-z]{33}).*", "$1");
        assertThat(byClientKey(newest)).map(Project::id).contains(id);
        assertThat(byClientKey(original)).isEmpty();
        assertThat(byClientKey(graced.get("client_api_key").asText())).isEmpty();
        assertThat(authenticate(serverKey)).as("the server key is untouched").isPresent();

        assertThat(cli.run("project", "rotate-client-key", id, "--grace", "-1")).isEqualTo(2);
        assertThat(cli.run("project", "rotate-client-key", id, "--grace", "9999999")).isEqualTo(2);
        assertThat(cli.err).contains("30 days");
        assertThat(cli.run("project", "rotate-client-key", "proj_nope")).isEqualTo(1);
        assertThat(cli.err).contains("no such project");
    }

    @Test
    void renameKeepsIdAndKeys() throws Exception {
        cli.createUser("owner@example.com");
        JsonNode a = cli.createProject("old name");
        cli.createProject("taken");
        String id = a.get("id").asText();
        assertThat(cli.run("project", "rename", id, "new name")).isZero();
        assertThat(cli.out).contains("renamed " + id + " to \"new name\"");
        assertThat(authenticate(a.get("server_api_key").asText())).map(Project::name).contains("new name");
        assertThat(cli.run("project", "rename", id, "TAKEN")).isEqualTo(1);
        assertThat(cli.err).contains("already has a project with this name");
        assertThat(cli.run("project", "rename", id, " ")).isEqualTo(2);
        assertThat(cli.run("project", "rename", "proj_nope", "whatever")).isEqualTo(1);
    }

    @Test
    void deleteAsksOnATerminalAndNeedsYesElsewhere() throws Exception {
        cli.createUser("owner@example.com");
        JsonNode p = cli.createProject("doomed");
        String id = p.get("id").asText();
        String key = p.get("server_api_key").asText();

        assertThat(cli.run("project", "delete", id)).isEqualTo(2);
        assertThat(cli.err).contains("--yes");
        FakeTerminal no = FakeTerminal.typing("n");
        assertThat(cli.run(no, "project", "delete", id)).isEqualTo(1);
        assertThat(no.prompts.get(0)).contains("Delete project \"doomed\"").contains(id);
        assertThat(authenticate(key)).isPresent();

        assertThat(cli.run(FakeTerminal.typing("yes"), "project", "delete", id)).isZero();
        assertThat(cli.out).contains("deleted project \"doomed\"");
        assertThat(authenticate(key)).isEmpty();

        JsonNode q = cli.createProject("scripted");
        assertThat(cli.run("project", "delete", q.get("id").asText(), "--yes")).isZero();
        assertThat(authenticate(q.get("server_api_key").asText())).isEmpty();
        assertThat(cli.run("project", "delete", q.get("id").asText(), "--yes")).isEqualTo(1);
        assertThat(cli.err).contains("no such project");
    }

    @Test
    void theDataFolderComesFromTheFlagTheEnvironmentOrTheConfigFile() throws Exception {
        assertThat(cli.run(FakeTerminal.piped("correct horse battery\n"), "user", "create", "a@example.com",
                "--password-stdin", "--data-dir", "elsewhere")).isZero();
        assertThat(dir.resolve("elsewhere/xshathra.db")).exists();
        assertThat(dir.resolve("data/xshathra.db")).doesNotExist();

        cli.env.remove("XSHATHRA_DATA_DIR");
        Files.writeString(dir.resolve("config.json"), "{\"xshathra\": {\"data_dir\": \""
                + dir.resolve("from-file").toString().replace("\\", "\\\\") + "\"}}");
        assertThat(cli.run(FakeTerminal.piped("correct horse battery\n"), "user", "create", "b@example.com",
                "--password-stdin")).isZero();
        assertThat(dir.resolve("from-file/xshathra.db")).exists();
        assertThat(cli.run(FakeTerminal.piped("correct horse battery\n"), "user", "create", "b@example.com",
                "--password-stdin", "-c", "config.json")).isEqualTo(1);
    }

    @Test
    void aBadDatabaseUrlIsAConfigurationErrorThatHidesThePassword() {
        assertThat(cli.run("project", "list", "--database-url", "mysql://root:hunter22@db/x")).isEqualTo(1);
        assertThat(cli.err).contains("--database-url").contains("postgres://").doesNotContain("hunter22");
        cli.env.put("XSHATHRA_DATABASE_URL", "mysql://root:hunter22@db/x");
        assertThat(cli.run("project", "list")).isEqualTo(1);
        assertThat(cli.err).contains("XSHATHRA_DATABASE_URL").doesNotContain("hunter22");
    }

    @Test
    void serveTakesTheDatabaseUrlFlag() {
        java.util.concurrent.atomic.AtomicReference<io.xshathra.server.config.LoadedConfig> launched =
                new java.util.concurrent.atomic.AtomicReference<>();
        picocli.CommandLine serve = Cli.create(cli.env, cfg -> {
            launched.set(cfg);
            return 0;
        }, dir, FakeTerminal.piped(""));
        serve.setErr(new java.io.PrintWriter(new java.io.StringWriter()));
        assertThat(serve.execute("serve", "--port", "0", "--database-url", "postgres://u:p@db/x")).isZero();
        assertThat(launched.get().server().databaseUrl()).isEqualTo("postgres://u:p@db/x");
        assertThat(serve.execute("serve", "--database-url", "oracle://db")).isEqualTo(1);
    }

    @Test
    void anUnreachableDatabaseFailsWithOneLineWithoutThePassword() {
        assertThat(cli.run("project", "list", "--database-url", "postgres://u:hunter22@127.0.0.1:1/x?connectTimeout=2"))
                .isEqualTo(1);
        assertThat(cli.err).contains("cannot").doesNotContain("hunter22");
        assertThat(cli.err.strip().lines()).hasSize(1);
    }

    @Test
    void projectBackendShowsSetsRemovesAndRotatesAndRefusesBadInput() throws Exception {
        cli.createUser("ops@example.com");
        String id = cli.createProject("shop", "--owner", "ops@example.com").get("id").asText();

        assertThat(cli.run("project", "backend", id)).as(cli.err).isZero();
        assertThat(cli.out).contains("connect      off", "none yet");

        assertThat(cli.run("project", "backend", id, "--kind", "connect", "--url", "http://127.0.0.1:9000/connect",
                "--timeout", "2500", "--json")).as(cli.err).isZero();
        JsonNode set = JSON.readTree(cli.out);
        assertThat(set.at("/backends/connect/url").asText()).isEqualTo("http://127.0.0.1:9000/connect");
        assertThat(set.at("/backends/connect/timeout_ms").asLong()).isEqualTo(2500);
        String secret = set.get("signing_secret").asText();
        assertThat(secret).matches("xs_ps_[0-9A-Za-z]{43}");

        assertThat(cli.run("project", "backend", id, "--rotate-secret", "--json")).as(cli.err).isZero();
        assertThat(JSON.readTree(cli.out).get("signing_secret").asText()).isNotEqualTo(secret);
        assertThat(cli.run("project", "backend", id, "--kind", "connect", "--remove", "--json")).as(cli.err).isZero();
        assertThat(JSON.readTree(cli.out).get("backends").size()).isZero();

        assertThat(cli.run("project", "backend", id, "--kind", "webhook", "--url", "http://127.0.0.1/x")).isEqualTo(2);
        assertThat(cli.err).contains("kind must be one of");
        assertThat(cli.run("project", "backend", id, "--kind", "rpc", "--url", "ftp://example.com/x")).isEqualTo(2);
        assertThat(cli.err).contains("http:// or https://");
        assertThat(cli.run("project", "backend", id, "--kind", "rpc")).isEqualTo(2);
        assertThat(cli.run("project", "backend", id, "--url", "http://127.0.0.1/x", "--remove")).isEqualTo(2);
        assertThat(cli.run("project", "backend", "proj_nope")).isEqualTo(1);
        assertThat(cli.err).contains("no such project");
    }

    @Test
    void projectBackendsOnPrivateNetworksNeedTheOperatorsConsentWhenTheServerIsExposed() throws Exception {
        cli.createUser("ops@example.com");
        String id = cli.createProject("shop", "--owner", "ops@example.com").get("id").asText();
        cli.env.put("XSHATHRA_ADDRESS", "0.0.0.0");
        assertThat(cli.run("project", "backend", id, "--kind", "rpc", "--url", "http://10.0.0.5/rpc")).isEqualTo(2);
        assertThat(cli.err).contains("private network", "10.0.0.5");
        cli.env.put("XSHATHRA_PROJECT_PROXIES_PRIVATE_NETWORKS", "allow");
        assertThat(cli.run("project", "backend", id, "--kind", "rpc", "--url", "http://10.0.0.5/rpc")).as(cli.err).isZero();
        cli.env.put("XSHATHRA_PROJECT_PROXIES_PRIVATE_NETWORKS", "sometimes");
        assertThat(cli.run("project", "backend", id)).isEqualTo(1);
        assertThat(cli.err).contains("xshathra.project_proxies.private_networks");
    }

    @Test
    void aFolderWithoutADatabaseIsNamedAndLeftAlone() throws Exception {
        Path data = dir.resolve("data").toAbsolutePath();
        for (String[] args : List.of(new String[] {"project", "list"}, new String[] {"project", "list", "--json"},
                new String[] {"project", "create", "x", "--json"}, new String[] {"user", "signup", "status"})) {
            assertThat(cli.run(args)).as(String.join(" ", args)).isEqualTo(1);
            assertThat(cli.out).isEmpty();
            assertThat(cli.err).contains("no database in the data folder " + data, "--data-dir");
        }
        assertThat(data.resolve("xshathra.db")).as("nothing created").doesNotExist();

        assertThat(cli.run(FakeTerminal.piped("correct horse battery\n"), "user", "create", "a@example.com",
                "--password-stdin")).as(cli.err).isZero();
        assertThat(cli.err).contains("created a new database " + data.resolve("xshathra.db"));
        assertThat(cli.run("project", "list", "--json")).as(cli.err).isZero();
        assertThat(cli.err).isEmpty();
    }
}
