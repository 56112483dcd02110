package io.xshathra.controlplane.console;

import io.xshathra.controlplane.console.ConsoleHarness.Browser;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the tests of one project's pages start from: before each test a console on a fresh store
 * ({@link ConsoleHarness}), its administrator signed in ({@link #admin}) and one project of theirs
 * ({@link #id}, named {@link #projectName()}); after it, the console closed.
 */
abstract class AdminProjectTest {

    @TempDir
    Path dir;
    ConsoleHarness h;
    Browser admin;
    String id;

    /** The name the project is created with. */
    String projectName() {
        return "shop";
    }

    @BeforeEach
    final void openConsole() {
        h = new ConsoleHarness(dir);
        ConsoleHarness.AdminProject p = h.adminWithProject(projectName());
        admin = p.admin();
        id = p.id();
    }

    @AfterEach
    final void closeConsole() {
        h.close();
    }
}
