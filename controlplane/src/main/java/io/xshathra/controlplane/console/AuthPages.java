package io.xshathra.controlplane.console;

import io.xshathra.controlplane.Account;
import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.controlplane.InputRules;
import io.xshathra.controlplane.web.HttpStatus;
import io.xshathra.controlplane.web.WebResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Sign-up, sign-in and sign-out (first-run setup is {@link SetupPages}). Sign-up is offered only
 * when open sign-up is on and the deployment has its administrator; while it has no account,
 * sign-in and sign-up send people to {@code /setup}. Every attempt that would hash a password
 * first passes the {@link SignInGuard} of its client address (failure budget, attempts in
 * flight) and a closed sign-up is answered before any hashing. Sign-in failures say only that
 * the email or password is wrong; an account's growing delay ({@code Accounts.authenticate})
 * and the address budget are answered 429 with the wait. A successful sign-in marks the browser
 * as known ({@link KnownBrowser}). Passwords are never logged, echoed back or kept.
 */
final class AuthPages {

    /** Whether, and why, sign-up is offered. */
    enum SignupMode { SETUP, OPEN, CLOSED }

    private final ConsoleContext ctx;
    private final Layout layout;
    private final AuthForms forms;
    private final SignInGuard guard;
    private final Tarpit tarpit = new Tarpit();
    private final Supplier<CompletionStage<KnownBrowser>> known;

    AuthPages(ConsoleContext ctx, Layout layout, SignInGuard guard, Supplier<CompletionStage<KnownBrowser>> known) {
        this.ctx = ctx;
        this.layout = layout;
        this.forms = new AuthForms(layout);
        this.guard = guard;
        this.known = known;
    }

    CompletionStage<SignupMode> signupMode() {
        return ctx.accounts().count().thenCompose(n -> n == 0
                ? CompletableFuture.completedFuture(SignupMode.SETUP)
                : ctx.accounts().isOpenSignup().thenApply(open -> open ? SignupMode.OPEN : SignupMode.CLOSED));
    }

    // ------------------------------------------------------------------ sign-up

    CompletionStage<WebResponse> signup(ConsoleRequest r, Visitor v) {
        if (v.signedIn()) {
            return Responses.done(Responses.redirect("/dashboard"));
        }
        // The mode first: a closed sign-up answers before any password is hashed.
        return signupMode().thenCompose(mode -> {
            if (mode == SignupMode.SETUP) {
                return Responses.done(Responses.redirect("/setup"));
            }
            if (!r.post() || mode == SignupMode.CLOSED) {
                return Responses.done(forms.signup(v, mode, AuthForms.Values.EMPTY));
            }
            String email = r.form().get("email").strip();
            String password = r.form().get("password");
            AuthForms.Values values = new AuthForms.Values(email, validEmail(email), validPassword(password),
                    password.equals(r.form().get("confirm")) ? "" : "The two passwords do not match.", "", "");
            if (values.hasErrors()) {
                return Responses.done(forms.signup(v, mode, values));
            }
            return guarded(r, v, () -> ctx.accounts().signUp(email, password)
                    .thenCompose(account -> startSession(r, account, "/dashboard"))
                    .exceptionallyCompose(e -> signupRefused(v, values, Failures.unwrap(e))));
        });
    }

    private CompletionStage<WebResponse> signupRefused(Visitor v, AuthForms.Values values, Throwable e) {
        if (!(e instanceof ControlPlaneException cpe)) {
            return CompletableFuture.failedFuture(e);
        }
        if (cpe.reason() == ControlPlaneException.Reason.SIGNUP_CLOSED) {
            return Responses.done(forms.signup(v, SignupMode.CLOSED, AuthForms.Values.EMPTY));
        }
        AuthForms.Values shown = switch (cpe.reason()) {
            case EMAIL_TAKEN -> values.withEmailError("An account with this email already exists. Sign in instead.");
            case INVALID_EMAIL -> values.withEmailError(cpe.getMessage());
            case WEAK_PASSWORD -> values.withPasswordError(cpe.getMessage());
            default -> null;
        };
        return shown == null ? CompletableFuture.failedFuture(e) : Responses.done(forms.signup(v, SignupMode.OPEN, shown));
    }

    static String validEmail(String email) {
        try {
            InputRules.email(email);
            return "";
        } catch (ControlPlaneException e) {
            return "Enter an email address such as name@example.com.";
        }
    }

    static String validPassword(String password) {
        try {
            InputRules.password(password);
            return "";
        } catch (ControlPlaneException e) {
            return "Use at least 10 characters (and at most 1024).";
        }
    }

    // ------------------------------------------------------------------ sign-in

    CompletionStage<WebResponse> login(ConsoleRequest r, Visitor v) {
        if (v.signedIn()) {
            return Responses.done(Responses.redirect(Routes.safeNext(r.query().get("next"))));
        }
        if (!r.post()) {
            String notice = r.query().has("signed_out") ? "You have signed out." : "";
            AuthForms.Values values = new AuthForms.Values("", "", "", "", "", notice);
            return signupMode().thenApply(mode -> mode == SignupMode.SETUP ? Responses.redirect("/setup")
                    : forms.login(v, mode, values, r.query().get("next"), HttpStatus.OK));
        }
        String email = r.form().get("email").strip();
        String password = r.form().get("password");
        String next = r.form().get("next");
        AuthForms.Values values = new AuthForms.Values(email, email.isEmpty() ? "Enter your email." : "",
                password.isEmpty() ? "Enter your password." : "", "", "", "");
        if (values.hasErrors()) {
            return Responses.done(forms.login(v, SignupMode.CLOSED, values, next, HttpStatus.BAD_REQUEST));
        }
        return guarded(r, v, () -> known.get().thenCompose(browser -> ctx.accounts()
                        .authenticate(email, password, browser.verify(r.knownCookie()))
                        .thenCompose(account -> signedIn(r, v, values, next, browser, account)))
                .exceptionallyCompose(e -> refusedLogin(v, values, next, Failures.unwrap(e))));
    }

    private CompletionStage<WebResponse> signedIn(ConsoleRequest r, Visitor v, AuthForms.Values values,
                                                       String next, KnownBrowser browser, Optional<Account> account) {
        if (account.isEmpty()) {
            guard.failed(r.client());
            // No database work on the failure path: a flood of wrong passwords costs no storage time.
            return Responses.done(forms.login(v, SignupMode.CLOSED,
                    values.withFormError("The email or password is incorrect."), next, HttpStatus.BAD_REQUEST));
        }
        return startSession(r, account.get(), Routes.safeNext(next)).thenApply(resp -> {
            resp.headers().add(WebResponse.SET_COOKIE, Cookies.set(Cookies.KNOWN,
                    browser.issue(account.get().id()), KnownBrowser.LIFETIME, r.secure()));
            return resp;
        });
    }

    private CompletionStage<WebResponse> refusedLogin(Visitor v, AuthForms.Values values, String next, Throwable e) {
        if (!(e instanceof ControlPlaneException cpe)
                || cpe.reason() != ControlPlaneException.Reason.TOO_MANY_ATTEMPTS) {
            return CompletableFuture.failedFuture(e);
        }
        return Responses.done(tooMany(v, values, next, cpe.retryAfter().orElse(Duration.ofMinutes(1)),
                "Too many failed sign-in attempts for this account."));
    }

    /** 429 on the sign-in form, with the wait in words and in {@code Retry-After}. */
    WebResponse tooMany(Visitor v, AuthForms.Values values, String next, Duration wait, String why) {
        long seconds = seconds(wait);
        WebResponse resp = forms.login(v, SignupMode.CLOSED, values.withFormError(waitText(why, seconds)), next,
                HttpStatus.TOO_MANY_REQUESTS);
        resp.headers().set(WebResponse.RETRY_AFTER, seconds);
        return resp;
    }

    /** 429 for the sign-in form, or a plain page for the sign-up and setup forms. */
    private WebResponse refusedHere(ConsoleRequest r, Visitor v, Duration wait, String why) {
        if (r.target().page() == Routes.Page.LOGIN) {
            return tooMany(v, AuthForms.Values.EMPTY, r.form().get("next"), wait, why);
        }
        long seconds = seconds(wait);
        WebResponse resp = layout.error(v, HttpStatus.TOO_MANY_REQUESTS, "Please wait",
                waitText(why, seconds));
        resp.headers().set(WebResponse.RETRY_AFTER, seconds);
        return resp;
    }

    private static long seconds(Duration wait) {
        return Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
    }

    private String waitText(String why, long seconds) {
        return why + " Try again in " + AuthForms.duration(seconds)
                + " (after " + Layout.timeText(ctx.clock().instant().plusSeconds(seconds)) + ").";
    }

    /**
     * Runs password work for the request's client address: refused with 429 while the address
     * has used up its failure budget or already has attempts in flight. Refusals are held for a
     * moment ({@link Tarpit}) so that a flood from one connection runs at about one a second.
     */
    CompletionStage<WebResponse> guarded(ConsoleRequest r, Visitor v, Supplier<CompletionStage<WebResponse>> work) {
        Optional<Duration> wait = guard.retryAfter(r.client());
        if (wait.isPresent()) {
            return tarpit.hold(refusedHere(r, v, wait.get(), "Too many failed attempts from your network."));
        }
        if (!guard.enter(r.client())) {
            return tarpit.hold(refusedHere(r, v, Duration.ofSeconds(1),
                    "Another attempt from your network is still being checked."));
        }
        CompletionStage<WebResponse> out;
        try {
            out = work.get();
        } catch (RuntimeException e) {
            guard.leave(r.client());
            throw e;
        }
        return out.whenComplete((resp, e) -> guard.leave(r.client()));
    }

    /** Counts a failed attempt (a wrong setup token) against the request's client address. */
    void failedAttempt(ConsoleRequest r) {
        guard.failed(r.client());
    }

    CompletionStage<WebResponse> startSession(ConsoleRequest r, Account account, String next) {
        return ctx.sessions().create(account.id()).thenApply(session -> {
            WebResponse resp = Responses.redirect(next);
            resp.headers().add(WebResponse.SET_COOKIE,
                    Cookies.set(Cookies.SESSION, session.token(), ctx.sessions().maxLifetime(), r.secure()));
            resp.headers().add(WebResponse.SET_COOKIE, Cookies.clear(Cookies.FORM, r.secure()));
            return resp;
        });
    }

    // ------------------------------------------------------------------ sign-out

    CompletionStage<WebResponse> logout(ConsoleRequest r, Visitor v) {
        CompletionStage<Boolean> revoked = v.signedIn() ? ctx.sessions().revoke(v.sessionToken())
                : CompletableFuture.completedFuture(false);
        return revoked.thenApply(x -> {
            WebResponse resp = Responses.redirect(v.signedIn() ? "/login?signed_out=1" : "/login");
            resp.headers().add(WebResponse.SET_COOKIE, Cookies.clear(Cookies.SESSION, r.secure()));
            return resp;
        });
    }
}
