package io.xshathra.controlplane.console;

import static io.xshathra.controlplane.console.Html.t;

import io.xshathra.controlplane.console.AuthPages.SignupMode;
import io.xshathra.controlplane.console.Html.Safe;
import io.xshathra.controlplane.web.HttpStatus;
import io.xshathra.controlplane.web.WebResponse;

/** The markup of the sign-up and sign-in pages. */
final class AuthForms {

    /**
     * What the form shows again after a refused attempt (never the password).
     *
     * @param email         the email as typed
     * @param emailError    the error next to the email field, or ""
     * @param passwordError the error next to the password field, or ""
     * @param confirmError  the error next to the confirmation field, or ""
     * @param formError     an error about the whole form (wrong credentials, throttled), or ""
     * @param notice        a confirmation ("You have signed out."), or ""
     */
    record Values(String email, String emailError, String passwordError, String confirmError, String formError,
                  String notice) {
        static final Values EMPTY = new Values("", "", "", "", "", "");

        boolean hasErrors() {
            return !emailError.isEmpty() || !passwordError.isEmpty() || !confirmError.isEmpty() || !formError.isEmpty();
        }

        Values withEmailError(String e) {
            return new Values(email, e, passwordError, confirmError, formError, notice);
        }

        Values withPasswordError(String e) {
            return new Values(email, emailError, e, confirmError, formError, notice);
        }

        Values withFormError(String e) {
            return new Values(email, emailError, passwordError, confirmError, e, notice);
        }
    }

    private final Layout layout;

    AuthForms(Layout layout) {
        this.layout = layout;
    }

    WebResponse signup(Visitor v, SignupMode mode, Values values) {
        if (mode == SignupMode.CLOSED) {
            Safe card = t("""
                    <h1>Sign-up is closed</h1>
                    <p class="lead">New accounts on this deployment are created by an administrator.
                    Ask yours for an account, or sign in if you already have one.</p>
                    <p><a class="btn btn-primary btn-block" href="/login">Go to sign-in</a></p>""");
            return Responses.html(HttpStatus.FORBIDDEN, layout.authPage(v, "Sign-up is closed", card));
        }
        Safe intro = Html.raw("<h1>Create your account</h1><p class=\"lead\">Start building with realtime "
                + "channels in minutes.</p>");
        Safe card = t("""
                {}
                {}
                <form method="post" action="/signup" class="stack" novalidate>
                  {}
                  {}
                  {}
                  {}
                  <button type="submit" class="btn btn-primary btn-block">{}</button>
                </form>
                <p class="muted center">Already have an account? <a href="/login">Sign in</a></p>""",
                intro, formAlerts(values), Layout.csrfField(v),
                Field.of("email", "Email", "email").value(values.email()).error(values.emailError())
                        .attrs("required autocomplete=\"email\" autofocus").render(),
                Field.of("password", "Password", "password").error(values.passwordError())
                        .hint("At least 10 characters.").attrs("required minlength=\"10\" autocomplete=\"new-password\"")
                        .render(),
                Field.of("confirm", "Confirm password", "password").error(values.confirmError())
                        .attrs("required autocomplete=\"new-password\"").render(),
                "Create account");
        HttpStatus status = values.hasErrors() ? HttpStatus.BAD_REQUEST : HttpStatus.OK;
        return Responses.html(status, layout.authPage(v, "Sign up", card));
    }

    WebResponse login(Visitor v, SignupMode mode, Values values, String next, HttpStatus status) {
        Safe firstRun = Html.when(mode == SignupMode.SETUP, Layout.alert("info", Html.raw(
                "This deployment has no account yet. <a href=\"/setup\">Set it up</a>.")));
        Safe signupLink = Html.when(mode == SignupMode.OPEN,
                Html.raw("<p class=\"muted center\">New here? <a href=\"/signup\">Create an account</a></p>"));
        Safe card = t("""
                <h1>Sign in</h1>
                <p class="lead">Manage your projects, keys and live channels.</p>
                {}{}
                <form method="post" action="/login" class="stack" novalidate>
                  {}
                  <input type="hidden" name="next" value="{}">
                  {}
                  {}
                  <button type="submit" class="btn btn-primary btn-block">Sign in</button>
                </form>
                {}""", firstRun, formAlerts(values), Layout.csrfField(v), next == null ? "" : next,
                Field.of("email", "Email", "email").value(values.email()).error(values.emailError())
                        .attrs("required autocomplete=\"username\" autofocus").render(),
                Field.of("password", "Password", "password").error(values.passwordError())
                        .attrs("required autocomplete=\"current-password\"").render(),
                signupLink);
        return Responses.html(status, layout.authPage(v, "Sign in", card));
    }

    private static Safe formAlerts(Values values) {
        return Html.join(
                Html.when(!values.formError().isEmpty(), Layout.alert("error", t("{}", values.formError()))),
                Html.when(!values.notice().isEmpty(), Layout.alert("success", t("{}", values.notice()))));
    }

    /** "14 minutes", "1 minute", "45 seconds". */
    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + (seconds == 1 ? " second" : " seconds");
        }
        long minutes = (seconds + 59) / 60;
        return minutes + (minutes == 1 ? " minute" : " minutes");
    }
}
