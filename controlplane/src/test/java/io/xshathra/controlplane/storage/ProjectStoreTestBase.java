package io.xshathra.controlplane.storage;

import io.xshathra.controlplane.Account;
import io.xshathra.controlplane.CreatedProject;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the suites of one project's settings share: besides {@link StoreTestBase}'s fresh store,
 * the account {@code owner@example.com} and its project "production", created before each test.
 */
public abstract class ProjectStoreTestBase extends StoreTestBase {

    protected CreatedProject project;

    @BeforeEach
    void createProject() {
        Account owner = await(store.accounts().createUser("owner@example.com", "correct horse battery"));
        project = await(store.projects().create(owner.id(), "production"));
    }

    /** The project's id. */
    protected String id() {
        return project.project().id();
    }
}
