package io.xshathra.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.xshathra.controlplane.security.SetupTokenFile;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** What {@code serve} does on a deployment without accounts, and on one with accounts. */
class FirstRunSetupTest {

    @TempDir
    Path dir;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(FirstRunSetup.class);

    private ch.qos.logback.classic.Level level;

    @BeforeEach
    void capture() {
        level = logger.getLevel();
        logger.setLevel(ch.qos.logback.classic.Level.INFO); // other tests may have quietened logging
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void release() {
        logger.detachAppender(log);
        logger.setLevel(level);
    }

    @Test
    void aFreshDeploymentGetsATokenInTheLogOnceAndInAnOwnerOnlyFile() throws Exception {
        Path data = dir.resolve("data");
        Path file = SetupTokenFile.in(data);
        try (ControlPlaneStore store = ControlPlaneStore.open(data, null)) {
            String token = FirstRunSetup.announce(store.accounts(), file, "0.0.0.0", 19123).orElseThrow();
            assertThat(Files.readString(file)).isEqualTo(token + "\n");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(log.list).hasSize(1);
            assertThat(log.list.get(0).getFormattedMessage())
                    .contains("http://localhost:19123/setup", token, file.toAbsolutePath().toString(), "xshathra user create");

            // A second node on the same database gets its own token; the first stays valid.
            String second = FirstRunSetup.announce(store.accounts(), dir.resolve("node2").resolve("setup-token"),
                    "127.0.0.1", 19124).orElseThrow();
            assertThat(second).isNotEqualTo(token);
            assertThat(store.accounts().setUp(token, "admin@example.com", "correct horse battery")
                    .toCompletableFuture().join().admin()).isTrue();

            log.list.clear();
            Optional<String> again = FirstRunSetup.announce(store.accounts(), file, "127.0.0.1", 19123);
            assertThat(again).isEmpty();
            assertThat(file).doesNotExist();
            assertThat(log.list).isEmpty();
        }
    }
}
