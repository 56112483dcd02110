package io.xshathra.controlplane.console;

import static io.xshathra.controlplane.console.Html.t;

import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.controlplane.console.Html.Safe;
import io.xshathra.controlplane.security.SetupTokenFile;
import io.xshathra.controlplane.web.HttpStatus;
import io.xshathra.controlplane.web.WebResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First-run setup ({@code /setup}): while the deployment has no account, whoever holds the
 * one-time setup token that {@code serve} printed in its log and wrote to the data folder may
 * create the administrator account here. Without the token nobody can, however early he comes.
 * A wrong token counts as a failed attempt of the client address, exactly like a wrong password
 * ({@link SignInGuard}); the token is checked before any password is hashed. Once an account
 * exists the page only points to sign-in. The token is never echoed back or logged.
 */
final class SetupPages {

    private static final Logger LOG = LoggerFactory.getLogger(SetupPages.class);

    private final ConsoleContext ctx;
    private final Layout layout;
    private final AuthPages auth;
    private final Path tokenFile;

    SetupPages(ConsoleContext ctx, Layout layout, AuthPages auth, Path tokenFile) {
        this.ctx = ctx;
        this.layout = layout;
        this.auth = auth;
        this.tokenFile = tokenFile;
    }

    CompletionStage<WebResponse> setup(ConsoleRequest r, Visitor v) {
        if (v.signedIn()) {
            return Responses.done(Responses.redirect("/dashboard"));
        }
        return ctx.accounts().count().thenCompose(n -> {
            if (n > 0) {
                return Responses.done(Responses.redirect("/login"));
            }
            if (!r.post()) {
                return Responses.done(form(v, AuthForms.Values.EMPTY));
            }
            String token = r.form().get("token").strip();
            String email = r.form().get("email").strip();
            String password = r.form().get("password");
            AuthForms.Values values = new AuthForms.Values(email, AuthPages.validEmail(email),
                    AuthPages.validPassword(password),
                    password.equals(r.form().get("confirm")) ? "" : "The two passwords do not match.",
                    token.isEmpty() ? "Enter the setup token." : "", "");
            if (values.hasErrors()) {
                return Responses.done(form(v, values));
            }
            return auth.guarded(r, v, () -> ctx.accounts().setUp(token, email, password)
                    .thenCompose(account -> {
                        removeTokenFile();
                        return auth.startSession(r, account, "/dashboard");
                    })
                    .exceptionallyCompose(e -> refused(r, v, values, Failures.unwrap(e))));
        });
    }

    private CompletionStage<WebResponse> refused(ConsoleRequest r, Visitor v, AuthForms.Values values, Throwable e) {
        if (!(e instanceof ControlPlaneException cpe) || cpe.reason() != ControlPlaneException.Reason.SETUP_REFUSED) {
            return CompletableFuture.failedFuture(e);
        }
        auth.failedAttempt(r);
        return ctx.accounts().count().thenApply(n -> n > 0 ? Responses.redirect("/login")
                : form(v, values.withFormError("That setup token is not right. Copy it again from the server's "
                        + "log or from the file setup-token in its data folder.")));
    }

    /** Blocking file IO: this runs on a storage thread, never an event loop. */
    private void removeTokenFile() {
        if (tokenFile == null) {
            return;
        }
        try {
            SetupTokenFile.delete(tokenFile);
        } catch (IOException e) {
            LOG.warn("setup is complete but the file {} could not be deleted: {}", tokenFile, e.getMessage());
        }
    }

    private WebResponse form(Visitor v, AuthForms.Values values) {
        Safe card = t("""
                <h1>Set up Xshathra</h1>
                <p class="lead">This deployment has no account yet. Create its administrator account: it
                can see and manage every project. To prove that you run this server, enter the setup
                token that it printed in its log when it started; it is also in the file
                <code>setup-token</code> in its data folder.</p>
                {}
                <form method="post" action="/setup" class="stack" novalidate>
                  {}
                  {}
                  {}
                  {}
                  {}
                  <button type="submit" class="btn btn-primary btn-block">Create administrator account</button>
                </form>""",
                Html.when(!values.formError().isEmpty(), Layout.alert("error", t("{}", values.formError()))),
                Layout.csrfField(v),
                Field.of("token", "Setup token", "password")
                        .attrs("required autocomplete=\"off\" autofocus spellcheck=\"false\"").render(),
                Field.of("email", "Email", "email").value(values.email()).error(values.emailError())
                        .attrs("required autocomplete=\"email\"").render(),
                Field.of("password", "Password", "password").error(values.passwordError())
                        .hint("At least 10 characters.").attrs("required minlength=\"10\" autocomplete=\"new-password\"")
                        .render(),
                Field.of("confirm", "Confirm password", "password").error(values.confirmError())
                        .attrs("required autocomplete=\"new-password\"").render());
        HttpStatus status = values.hasErrors() ? HttpStatus.BAD_REQUEST : HttpStatus.OK;
        return Responses.html(status, layout.authPage(v, "Set up", card));
    }
}
