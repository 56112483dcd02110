package io.xshathra.engine.presence;

/** The memory presence manager against the presence contract. */
class MemoryPresenceManagerTest extends PresenceManagerContractTest {

    @Override
    protected PresenceManager newPresenceManager() {
        return new MemoryPresenceManager();
    }
}
