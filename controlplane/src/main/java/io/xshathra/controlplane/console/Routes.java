package io.xshathra.controlplane.console;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console's URL space. It owns {@code /}, {@code /setup}, {@code /signup}, {@code /login}, {@code /logout},
 * {@code /dashboard}, {@code /operator}, {@code /projects} and everything under it, and {@code /console/assets/};
 * nothing of the engine ({@code /realtime/}, {@code /connection/}, {@code /api/},
 * {@code /health}, {@code /metrics}).
 */
final class Routes {

    static final String ASSETS = "/console/assets/";
    private static final Pattern PROJECT = Pattern.compile(
            "/projects/([A-Za-z0-9_]{1,64})(?:/(stats|settings|rotate|rotate-client|rename|delete|debug|debug/publish|debug/token|backends|backends/secret|namespaces|webhooks|webhooks/remove|limits|usage|members|members/role|members/remove|leave|audit))?");

    /** What a path shows, and which methods it accepts. */
    enum Page {
        HOME(false, "GET"),
        SETUP(false, "GET", "POST"),
        SIGNUP(false, "GET", "POST"),
        LOGIN(false, "GET", "POST"),
        LOGOUT(false, "POST"),
        DASHBOARD(true, "GET"),
        NEW_PROJECT(true, "GET", "POST"),
        PROJECT(true, "GET"),
        STATS(true, "GET"),
        SETTINGS(true, "GET"),
        ROTATE(true, "POST"),
        ROTATE_CLIENT(true, "POST"),
        RENAME(true, "POST"),
        DELETE(true, "GET", "POST"),
        DEBUG(true, "GET"),
        DEBUG_PUBLISH(true, "POST"),
        DEBUG_TOKEN(true, "POST"),
        BACKENDS(true, "GET", "POST"),
        BACKEND_SECRET(true, "POST"),
        LIMITS(true, "GET", "POST"),
        USAGE(true, "GET"),
        WEBHOOKS(true, "GET", "POST"),
        WEBHOOK_REMOVE(true, "POST"),
        NAMESPACES(true, "GET", "POST"),
        OPERATOR(true, "GET"),
        MEMBERS(true, "GET", "POST"),
        MEMBER_ROLE(true, "POST"),
        MEMBER_REMOVE(true, "POST"),
        LEAVE(true, "POST"),
        AUDIT(true, "GET"),
        ASSET(false, "GET"),
        NOT_FOUND(false, "GET", "POST");

        /** Whether the page needs a signed-in account. */
        final boolean needsAccount;
        final Set<String> methods;

        Page(boolean needsAccount, String... methods) {
            this.needsAccount = needsAccount;
            this.methods = Set.of(methods);
        }

        boolean accepts(String method) {
            return methods.contains(method) || (method.equals("HEAD") && methods.contains("GET"));
        }

        /** Answers JSON rather than HTML (fetch endpoints). */
        boolean json() {
            return this == STATS || this == DEBUG_TOKEN;
        }

        String allow() {
            return String.join(", ", new java.util.TreeSet<>(methods));
        }
    }

    /**
     * A resolved path.
     *
     * @param page      what it shows
     * @param projectId for project pages, the id from the path; else null
     */
    record Target(Page page, String projectId) {
    }

    private Routes() {
    }

    /** Whether the console serves this path (the router asks before the engine's routes). */
    static boolean owns(String path) {
        return path.equals("/") || path.equals("/setup") || path.equals("/signup") || path.equals("/login") || path.equals("/logout")
                || path.equals("/dashboard") || path.equals("/operator") || path.equals("/projects") || path.startsWith("/projects/")
                || path.startsWith(ASSETS);
    }

    /** The page of an owned path; {@link Page#NOT_FOUND} for anything else under the console. */
    static Target resolve(String path) {
        Page simple = switch (path) {
            case "/" -> Page.HOME;
            case "/setup" -> Page.SETUP;
            case "/signup" -> Page.SIGNUP;
            case "/login" -> Page.LOGIN;
            case "/logout" -> Page.LOGOUT;
            case "/dashboard", "/projects" -> Page.DASHBOARD;
            case "/projects/new" -> Page.NEW_PROJECT;
            case "/operator" -> Page.OPERATOR;
            default -> null;
        };
        if (simple != null) {
            return new Target(simple, null);
        }
        if (path.startsWith(ASSETS)) {
            return new Target(Page.ASSET, null);
        }
        Matcher m = PROJECT.matcher(path);
        if (!m.matches()) {
            return new Target(Page.NOT_FOUND, null);
        }
        String rest = m.group(2);
        Page page = rest == null ? Page.PROJECT : switch (rest) {
            case "stats" -> Page.STATS;
            case "settings" -> Page.SETTINGS;
            case "rotate" -> Page.ROTATE;
            case "rotate-client" -> Page.ROTATE_CLIENT;
            case "rename" -> Page.RENAME;
            case "delete" -> Page.DELETE;
            case "debug" -> Page.DEBUG;
            case "debug/publish" -> Page.DEBUG_PUBLISH;
            case "backends" -> Page.BACKENDS;
            case "backends/secret" -> Page.BACKEND_SECRET;
            case "limits" -> Page.LIMITS;
            case "usage" -> Page.USAGE;
            case "members" -> Page.MEMBERS;
            case "members/role" -> Page.MEMBER_ROLE;
            case "members/remove" -> Page.MEMBER_REMOVE;
            case "leave" -> Page.LEAVE;
            case "audit" -> Page.AUDIT;
            case "webhooks" -> Page.WEBHOOKS;
            case "webhooks/remove" -> Page.WEBHOOK_REMOVE;
            case "namespaces" -> Page.NAMESPACES;
            default -> Page.DEBUG_TOKEN;
        };
        return new Target(page, m.group(1));
    }

    /** The page to return to after signing in: only the console's own pages, never another site. */
    static String safeNext(String next) {
        if (next == null || next.isEmpty() || !next.startsWith("/") || next.startsWith("//")) {
            return "/dashboard";
        }
        Target t = resolve(next);
        return (t.page() == Page.DASHBOARD || t.page() == Page.PROJECT || t.page() == Page.DEBUG
                || t.page() == Page.BACKENDS || t.page() == Page.NAMESPACES || t.page() == Page.WEBHOOKS || t.page() == Page.SETTINGS || t.page() == Page.OPERATOR
                || t.page() == Page.NEW_PROJECT || t.page() == Page.MEMBERS || t.page() == Page.AUDIT) ? next : "/dashboard";
    }
}
