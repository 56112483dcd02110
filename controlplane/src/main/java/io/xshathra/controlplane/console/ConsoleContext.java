package io.xshathra.controlplane.console;

import io.xshathra.controlplane.Accounts;
import io.xshathra.controlplane.Projects;
import io.xshathra.controlplane.Sessions;
import io.xshathra.controlplane.usage.UsageRecorder;
import io.xshathra.controlplane.webhooks.WebhookStore;
import io.xshathra.engine.Node;
import io.xshathra.engine.api.ApiExecutor;
import io.xshathra.engine.token.TokenMinter;
import java.time.Clock;
import java.util.Objects;

/**
 * What the console is built from; the composition root fills it in.
 *
 * @param accounts      console accounts (sign-up, sign-in)
 * @param sessions      sign-in sessions behind the {@code xs_session} cookie
 * @param projects      projects and their keys
 * @param api           the engine's server API executor (default space; the console scopes it per project)
 * @param node          the engine node, for live per-project figures
 * @param tokens        the engine's token minter, for the debug subscriber's tokens (which is
 *                      unavailable when the minter is)
 * @param websocketPath where the engine's bidirectional WebSocket is mounted
 *                      ({@code /realtime/connection/websocket}); empty when it is disabled
 * @param clock         time for flashes and token expiry
 * @param deployment    version, engine, database and health for the operator page
 * @param limits        projects' limits and their usage (null: the Limits page says they are not available)
 * @param usage         projects' usage per minute (null when this server records none)
 * @param webhooks      projects' webhook endpoints and delivery log; null hides the Webhooks page
 */
public record ConsoleContext(Accounts accounts, Sessions sessions, Projects projects, ApiExecutor api, Node node,
                             TokenMinter tokens, String websocketPath, Clock clock, Deployment deployment,
                             io.xshathra.controlplane.limits.ProjectLimitService limits, UsageRecorder usage,
                             WebhookStore webhooks) {

    /** A context with projects' limits and usage, without webhooks. */
    public ConsoleContext(Accounts accounts, Sessions sessions, Projects projects, ApiExecutor api, Node node,
                          TokenMinter tokens, String websocketPath, Clock clock, Deployment deployment,
                          io.xshathra.controlplane.limits.ProjectLimitService limits, UsageRecorder usage) {
        this(accounts, sessions, projects, api, node, tokens, websocketPath, clock, deployment, limits, usage, null);
    }

    /** A context with webhooks only. */
    public ConsoleContext(Accounts accounts, Sessions sessions, Projects projects, ApiExecutor api, Node node,
                          TokenMinter tokens, String websocketPath, Clock clock, Deployment deployment,
                          WebhookStore webhooks) {
        this(accounts, sessions, projects, api, node, tokens, websocketPath, clock, deployment, null, null, webhooks);
    }

    /** A context without projects' limits. */
    public ConsoleContext(Accounts accounts, Sessions sessions, Projects projects, ApiExecutor api, Node node,
                          TokenMinter tokens, String websocketPath, Clock clock, Deployment deployment,
                          UsageRecorder usage) {
        this(accounts, sessions, projects, api, node, tokens, websocketPath, clock, deployment, null, usage);
    }

    /** A context without usage. */
    public ConsoleContext(Accounts accounts, Sessions sessions, Projects projects, ApiExecutor api, Node node,
                          TokenMinter tokens, String websocketPath, Clock clock, Deployment deployment,
                          io.xshathra.controlplane.limits.ProjectLimitService limits) {
        this(accounts, sessions, projects, api, node, tokens, websocketPath, clock, deployment, limits, null);
    }

    /** A context without projects' limits or usage. */
    public ConsoleContext(Accounts accounts, Sessions sessions, Projects projects, ApiExecutor api, Node node,
                          TokenMinter tokens, String websocketPath, Clock clock, Deployment deployment) {
        this(accounts, sessions, projects, api, node, tokens, websocketPath, clock, deployment, null, null);
    }

    /** A context whose operator page says that the deployment's facts were not reported. */
    public ConsoleContext(Accounts accounts, Sessions sessions, Projects projects, ApiExecutor api, Node node,
                          TokenMinter tokens, String websocketPath, Clock clock) {
        this(accounts, sessions, projects, api, node, tokens, websocketPath, clock, Deployment.unreported());
    }

    public ConsoleContext {
        Objects.requireNonNull(accounts, "accounts");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(projects, "projects");
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(tokens, "tokens");
        websocketPath = websocketPath == null ? "" : websocketPath;
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(deployment, "deployment");
    }

    @Override
    public String toString() {
        return "ConsoleContext[websocketPath=" + websocketPath + ", tokens=" + tokens + "]";
    }
}
