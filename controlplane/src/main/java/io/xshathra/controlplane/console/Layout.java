package io.xshathra.controlplane.console;

import static io.xshathra.controlplane.console.Html.t;

import io.xshathra.controlplane.console.Html.Safe;
import io.xshathra.controlplane.web.HttpStatus;
import io.xshathra.controlplane.web.WebResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The console's page chrome: document head, top bar (product, the operator page's link for
 * administrators, the signed-in email, sign out),
 * main column, and the error pages. Scripts and styles are files of {@link Assets}, never
 * inline, as the content security policy requires.
 */
final class Layout {

    static final String PRODUCT = "Xshathra Realtime";
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final String assetVersion;

    Layout(String assetVersion) {
        this.assetVersion = assetVersion;
    }

    /** The assets' version, for pages that link a script of their own. */
    String assetVersion() {
        return assetVersion;
    }

    /** A page of a signed-in person (or, without an account, the plain chrome). */
    Safe page(Visitor v, String title, Safe main) {
        return page(v, title, main, false);
    }

    /** A page; {@code subscriber} adds the debug tool's WebSocket client script. */
    Safe page(Visitor v, String title, Safe main, boolean subscriber) {
        Safe bar = v.signedIn() ? t("""
                <nav class="account" aria-label="Account">
                  {}<span class="who" title="Signed in as {}">{}</span>{}
                  <form method="post" action="/logout" class="inline">{}<button type="submit" class="btn btn-on-dark">Sign out</button></form>
                </nav>""", Html.when(v.account().admin(),
                        Html.raw("<a class=\"topbar-link\" href=\"/operator\">Operator</a>")),
                v.account().email(), v.account().email(),
                Html.when(v.account().admin(), Html.raw("<span class=\"badge badge-admin\">Admin</span>")),
                csrfField(v)) : Html.EMPTY;
        return t("""
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta name="csrf-token" content="{}">
                <title>{} · {}</title>
                <link rel="icon" href="/console/assets/favicon.svg?v={}" type="image/svg+xml">
                <link rel="stylesheet" href="/console/assets/app.css?v={}">
                <script src="/console/assets/app.js?v={}" defer></script>{}
                </head>
                <body>
                <a class="skip-link" href="#main">Skip to content</a>
                <header class="topbar">
                  <div class="topbar-inner">
                    <a class="brand" href="/dashboard"><span class="brand-mark" aria-hidden="true"></span>Xshathra <span class="brand-sub">Realtime</span></a>
                    {}
                  </div>
                </header>
                <main id="main" class="container" tabindex="-1">
                {}
                </main>
                <footer class="footer"><div class="container">{} · console</div></footer>
                </body>
                </html>
                """, v.csrfToken(), title, PRODUCT, assetVersion, assetVersion, assetVersion,
                Html.when(subscriber, t("\n<script src=\"/console/assets/debug.js?v={}\" defer></script>", assetVersion)),
                bar, main, PRODUCT);
    }

    /** The narrow, centred card of the sign-in and sign-up pages. */
    Safe authPage(Visitor v, String title, Safe card) {
        return page(v, title, t("<div class=\"auth\"><div class=\"card auth-card\">{}</div></div>", card));
    }

    /** A page that explains a refusal or a failure, with a way back. */
    WebResponse error(Visitor v, HttpStatus status, String heading, String message) {
        String back = v.signedIn() ? "/dashboard" : "/login";
        String backLabel = v.signedIn() ? "Back to your projects" : "Go to sign-in";
        Safe body = t("""
                <div class="auth"><div class="card auth-card error-card" role="alert">
                  <p class="eyebrow">Error {}</p>
                  <h1>{}</h1>
                  <p>{}</p>
                  <p><a class="btn btn-primary" href="{}">{}</a></p>
                </div></div>""", status.code(), heading, message, back, backLabel);
        return Responses.html(status, page(v, heading, body));
    }

    /** The hidden CSRF field every state-changing form carries. */
    static Safe csrfField(Visitor v) {
        return t("<input type=\"hidden\" name=\"{}\" value=\"{}\">", Csrf.FIELD, v.csrfToken());
    }

    /** A time for people: {@code 3 Feb 2026, 14:05 UTC} in a {@code <time>} element. */
    static Safe time(Instant when) {
        return t("<time datetime=\"{}\">{}</time>", when.toString(), DATE.format(when));
    }

    /** A time as plain text. */
    static String timeText(Instant when) {
        return DATE.format(when);
    }

    /** Breadcrumbs: pairs of (label, href), the last one without a link. */
    static Safe crumbs(String... labelsAndHrefs) {
        StringBuilder out = new StringBuilder("<nav class=\"crumbs\" aria-label=\"Breadcrumb\"><ol>");
        for (int i = 0; i < labelsAndHrefs.length; i += 2) {
            String label = labelsAndHrefs[i];
            String href = i + 1 < labelsAndHrefs.length ? labelsAndHrefs[i + 1] : null;
            out.append(href == null ? t("<li><span aria-current=\"page\">{}</span></li>", label).html()
                    : t("<li><a href=\"{}\">{}</a></li>", href, label).html());
        }
        return Html.raw(out.append("</ol></nav>").toString());
    }

    /** A status message box ("success", "warning", "error", "info"). */
    static Safe alert(String kind, Safe content) {
        String role = kind.equals("error") ? "alert" : "status";
        return t("<div class=\"alert alert-{}\" role=\"{}\">{}</div>", kind, role, content);
    }
}
