package io.xshathra.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.controlplane.console.ConsoleHarness.Browser;
import io.xshathra.controlplane.console.ConsoleHarness.Response;
import io.xshathra.controlplane.security.HashingPool;
import io.xshathra.controlplane.storage.HashingBlocker;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With every password-hashing thread busy, sign-ins are refused at once with 503, while pages
 * that need only the database, refusals that need no hash, and signed-in people carry on.
 */
class ConsoleHashingLoadTest {
    @TempDir
    Path dir;
    private ConsoleHarness h;

    @BeforeEach
    void open() {
        h = new ConsoleHarness(dir, ConsoleOptions.DEFAULTS, new HashingPool.Size(1, 0));
        h.account("admin@example.com");
    }

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void aFullHashingPoolRefusesSignInsButNothingElse() throws Exception {
        Browser member = h.browser().signIn("admin@example.com");
        Browser visitor = h.browser();
        visitor.get("/login");
        try (HashingBlocker busy = new HashingBlocker(h.store, 1)) {
            Response refused = visitor.post("/login", "email", "admin@example.com", "password", ConsoleHarness.PASSWORD);
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isEqualTo("2");
            assertThat(refused.body()).contains("busy");

            Response closed = visitor.post("/signup", "email", "eve@example.com", "password", ConsoleHarness.PASSWORD,
                    "confirm", ConsoleHarness.PASSWORD);
            assertThat(closed.status()).as("a closed sign-up needs no hash").isEqualTo(403);
            Response tooLong = visitor.post("/login", "email", "admin@example.com", "password", "x".repeat(2000));
            assertThat(tooLong.status()).as("an over-long password is refused unhashed").isEqualTo(400);

            assertThat(member.get("/dashboard").status()).as("the storage executor is free").isEqualTo(200);
            assertThat(member.post("/projects/new", "name", "while busy").status()).isEqualTo(303);
        }
        // The released thread takes new work once it is back at its queue: poll, with a deadline.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        int status;
        do {
            status = visitor.post("/login", "email", "admin@example.com", "password", ConsoleHarness.PASSWORD).status();
        } while (status == 503 && System.nanoTime() < deadline);
        assertThat(status).isEqualTo(303);
    }
}
