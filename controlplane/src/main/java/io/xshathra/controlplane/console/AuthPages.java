package io.xshathra.controlplane.console;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.xshathra.controlplane.Account;
import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.controlplane.InputRules;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Sign-up, sign-in and sign-out. Sign-up is offered while the deployment has no account (that
 * first account becomes the administrator) or when open sign-up is on. Sign-in failures say
 * only that the email or password is wrong; repeated failures for one email are throttled by
 * {@code Accounts.authenticate} (a {@code LoginThrottle}) and answered 429 with the wait.
 * Passwords are never logged, echoed back or kept.
 */
final class AuthPages {

    /** Whether, and why, sign-up is offered. */
    enum SignupMode { FIRST_ADMIN, OPEN, CLOSED }

    private final ConsoleContext ctx;
    private final Layout layout;
    private final AuthForms forms;

    AuthPages(ConsoleContext ctx, Layout layout) {
        this.ctx = ctx;
        this.layout = layout;
        this.forms = new AuthForms(layout);
    }

    CompletionStage<SignupMode> signupMode() {
        return ctx.accounts().count().thenCompose(n -> n == 0
                ? CompletableFuture.completedFuture(SignupMode.FIRST_ADMIN)
                : ctx.accounts().isOpenSignup().thenApply(open -> open ? SignupMode.OPEN : SignupMode.CLOSED));
    }

    // ------------------------------------------------------------------ sign-up

    CompletionStage<FullHttpResponse> signup(ConsoleRequest r, Visitor v) {
        if (v.signedIn()) {
            return Responses.done(Responses.redirect("/dashboard"));
        }
        if (!r.post()) {
            return signupMode().thenApply(mode -> forms.signup(v, mode, AuthForms.Values.EMPTY));
        }
        String email = r.form().get("email").strip();
        String password = r.form().get("password");
        AuthForms.Values values = new AuthForms.Values(email, validEmail(email), validPassword(password),
                password.equals(r.form().get("confirm")) ? "" : "The two passwords do not match.", "", "");
        if (values.hasErrors()) {
            return signupMode().thenApply(mode -> forms.signup(v, mode, values));
        }
        return ctx.accounts().signUp(email, password)
                .thenCompose(account -> startSession(r, account, "/dashboard"))
                .exceptionallyCompose(e -> signupRefused(v, values, Failures.unwrap(e)));
    }

    private CompletionStage<FullHttpResponse> signupRefused(Visitor v, AuthForms.Values values, Throwable e) {
        if (!(e instanceof ControlPlaneException cpe)) {
            return CompletableFuture.failedFuture(e);
        }
        AuthForms.Values shown = switch (cpe.reason()) {
            case EMAIL_TAKEN -> values.withEmailError("An account with this email already exists. Sign in instead.");
            case INVALID_EMAIL -> values.withEmailError(cpe.getMessage());
            case WEAK_PASSWORD -> values.withPasswordError(cpe.getMessage());
            default -> null;
        };
        if (cpe.reason() == ControlPlaneException.Reason.SIGNUP_CLOSED) {
            return Responses.done(forms.signup(v, SignupMode.CLOSED, AuthForms.Values.EMPTY));
        }
        if (shown == null) {
            return CompletableFuture.failedFuture(e);
        }
        return signupMode().thenApply(mode -> forms.signup(v, mode, shown));
    }

    private static String validEmail(String email) {
        try {
            InputRules.email(email);
            return "";
        } catch (ControlPlaneException e) {
            return "Enter an email address such as name@example.com.";
        }
    }

    private static String validPassword(String password) {
        try {
            InputRules.password(password);
            return "";
        } catch (ControlPlaneException e) {
            return "Use at least 10 characters (and at most 1024).";
        }
    }

    // ------------------------------------------------------------------ sign-in

    CompletionStage<FullHttpResponse> login(ConsoleRequest r, Visitor v) {
        if (v.signedIn()) {
            return Responses.done(Responses.redirect(Routes.safeNext(r.query().get("next"))));
        }
        if (!r.post()) {
            String notice = r.query().has("signed_out") ? "You have signed out." : "";
            AuthForms.Values values = new AuthForms.Values("", "", "", "", "", notice);
            return signupMode().thenApply(mode -> forms.login(v, mode, values, r.query().get("next"),
                    HttpResponseStatus.OK));
        }
        String email = r.form().get("email").strip();
        String password = r.form().get("password");
        String next = r.form().get("next");
        AuthForms.Values values = new AuthForms.Values(email, email.isEmpty() ? "Enter your email." : "",
                password.isEmpty() ? "Enter your password." : "", "", "", "");
        if (values.hasErrors()) {
            return signupMode().thenApply(mode -> forms.login(v, mode, values, next, HttpResponseStatus.BAD_REQUEST));
        }
        return ctx.accounts().authenticate(email, password).thenCompose(account -> account.isPresent()
                        ? startSession(r, account.get(), Routes.safeNext(next))
                        : signupMode().thenApply(mode -> forms.login(v, mode,
                                values.withFormError("The email or password is incorrect."), next,
                                HttpResponseStatus.BAD_REQUEST)))
                .exceptionallyCompose(e -> throttled(v, values, next, Failures.unwrap(e)));
    }

    private CompletionStage<FullHttpResponse> throttled(Visitor v, AuthForms.Values values, String next, Throwable e) {
        if (!(e instanceof ControlPlaneException cpe)
                || cpe.reason() != ControlPlaneException.Reason.TOO_MANY_ATTEMPTS) {
            return CompletableFuture.failedFuture(e);
        }
        Duration wait = cpe.retryAfter().orElse(Duration.ofMinutes(15));
        long seconds = Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
        String message = "Too many failed sign-in attempts for this email. Try again in " + AuthForms.duration(seconds)
                + " (after " + Layout.timeText(ctx.clock().instant().plusSeconds(seconds)) + ").";
        return signupMode().thenApply(mode -> {
            FullHttpResponse resp = forms.login(v, mode, values.withFormError(message), next,
                    HttpResponseStatus.TOO_MANY_REQUESTS);
            resp.headers().set(HttpHeaderNames.RETRY_AFTER, seconds);
            return resp;
        });
    }

    private CompletionStage<FullHttpResponse> startSession(ConsoleRequest r, Account account, String next) {
        return ctx.sessions().create(account.id()).thenApply(session -> {
            FullHttpResponse resp = Responses.redirect(next);
            resp.headers().add(HttpHeaderNames.SET_COOKIE,
                    Cookies.set(Cookies.SESSION, session.token(), ctx.sessions().maxLifetime(), r.secure()));
            resp.headers().add(HttpHeaderNames.SET_COOKIE, Cookies.clear(Cookies.FORM, r.secure()));
            return resp;
        });
    }

    // ------------------------------------------------------------------ sign-out

    CompletionStage<FullHttpResponse> logout(ConsoleRequest r, Visitor v) {
        CompletionStage<Boolean> revoked = v.signedIn() ? ctx.sessions().revoke(v.sessionToken())
                : CompletableFuture.completedFuture(false);
        return revoked.thenApply(x -> {
            FullHttpResponse resp = Responses.redirect(v.signedIn() ? "/login?signed_out=1" : "/login");
            resp.headers().add(HttpHeaderNames.SET_COOKIE, Cookies.clear(Cookies.SESSION, r.secure()));
            return resp;
        });
    }
}
