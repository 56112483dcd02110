package io.xshathra.engine.project;

/**
 * Where the engine hands {@link TenantEvent}s. The engine asks {@link #wants} before it builds
 * an event, so a project without webhooks costs one lookup and nothing more. Implementations are
 * thread-safe and never block the caller (they bound what they keep and count what they drop).
 */
public interface TenantEvents {

    /** No project wants anything: the engine's default when there is no control plane. */
    TenantEvents NONE = new TenantEvents() {
        @Override
        public boolean wants(String projectId, TenantEvent.Kind kind) {
            return false;
        }

        @Override
        public void emit(TenantEvent event) {
        }
    };

    /** Whether some endpoint of the project wants events of this kind (cheap; any thread). */
    boolean wants(String projectId, TenantEvent.Kind kind);

    /** Takes one event; never blocks (any thread). */
    void emit(TenantEvent event);
}
