package io.xshathra.controlplane.console;

import io.xshathra.controlplane.Accounts;
import io.xshathra.controlplane.Projects;
import io.xshathra.controlplane.Sessions;
import io.xshathra.controlplane.limits.ProjectLimitService;
import io.xshathra.controlplane.usage.UsageRecorder;
import io.xshathra.controlplane.webhooks.WebhookStore;
import io.xshathra.engine.Node;
import io.xshathra.engine.api.ApiExecutor;
import io.xshathra.engine.token.TokenMinter;
import java.time.Clock;
import java.util.Objects;

/**
 * What the console is built from; the composition root fills it in. The optional parts (limits,
 * usage, webhooks) may be null, each hiding or muting its page; the {@code with…} methods give a
 * copy with one part replaced.
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
                             ProjectLimitService limits, UsageRecorder usage,
                             WebhookStore webhooks) {

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

    /** This context with the operator page's deployment facts. */
    public ConsoleContext withDeployment(Deployment facts) {
        return new ConsoleContext(accounts, sessions, projects, api, node, tokens, websocketPath, clock, facts, limits,
                usage, webhooks);
    }

    /** This context with projects' limits (null: the Limits page says they are not available). */
    public ConsoleContext withLimits(ProjectLimitService projectLimits) {
        return new ConsoleContext(accounts, sessions, projects, api, node, tokens, websocketPath, clock, deployment,
                projectLimits, usage, webhooks);
    }

    /** This context with projects' usage per minute (null: this server records none). */
    public ConsoleContext withUsage(UsageRecorder projectUsage) {
        return new ConsoleContext(accounts, sessions, projects, api, node, tokens, websocketPath, clock, deployment,
                limits, projectUsage, webhooks);
    }

    /** This context with projects' webhooks (null hides the Webhooks page). */
    public ConsoleContext withWebhooks(WebhookStore projectWebhooks) {
        return new ConsoleContext(accounts, sessions, projects, api, node, tokens, websocketPath, clock, deployment,
                limits, usage, projectWebhooks);
    }

    @Override
    public String toString() {
        return "ConsoleContext[websocketPath=" + websocketPath + ", tokens=" + tokens + "]";
    }
}
