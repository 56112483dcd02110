package io.xshathra.controlplane.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xshathra.controlplane.Account;
import io.xshathra.controlplane.Accounts;
import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.controlplane.ControlPlaneException.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link Accounts} contract, run against every database. */
public abstract class AccountsContract extends StoreTestBase {

    private static final String PASSWORD = "correct horse battery";
    private Accounts accounts;

    @BeforeEach
    void service() {
        accounts = store.accounts();
    }

    private static void assertRefused(Runnable call, Reason reason) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ControlPlaneException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void theFirstAccountIsTheAdministratorAndOnlyIt() {
        assertThat(await(accounts.count())).isZero();
        Account first = await(accounts.createUser("Admin@Example.COM ", PASSWORD));
        Account second = await(accounts.createUser("dev@example.com", PASSWORD));
        assertThat(first.admin()).isTrue();
        assertThat(first.email()).isEqualTo("admin@example.com");
        assertThat(first.id()).startsWith("acct_");
        assertThat(first.createdAt()).isEqualTo(clock.instant());
        assertThat(second.admin()).isFalse();
        assertThat(await(accounts.count())).isEqualTo(2);
        assertThat(await(accounts.list())).containsExactly(first, second);
        assertThat(await(accounts.findById(first.id()))).contains(first);
        assertThat(await(accounts.findByEmail(" ADMIN@example.com"))).contains(first);
        assertThat(await(accounts.findById("acct_nobody"))).isEmpty();
        assertThat(await(accounts.findByEmail("nobody@example.com"))).isEmpty();
    }

    @Test
    void concurrentFirstAccountsMakeExactlyOneAdministrator() {
        List<CompletableFuture<Account>> all = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            all.add(accounts.createUser("user" + i + "@example.com", PASSWORD).toCompletableFuture());
        }
        List<Account> created = all.stream().map(StoreTestBase::await).toList();
        assertThat(created).filteredOn(Account::admin).hasSize(1);
        assertThat(await(accounts.count())).isEqualTo(6);
    }

    @Test
    void aDuplicateEmailIsRefusedWhateverItsCase() {
        await(accounts.createUser("dup@example.com", PASSWORD));
        assertRefused(() -> await(accounts.createUser("DUP@example.com", PASSWORD)), Reason.EMAIL_TAKEN);
        assertThat(await(accounts.count())).isEqualTo(1);
    }

    @Test
    void badEmailsAndShortPasswordsAreRefusedBeforeAnyWrite() {
        for (String email : new String[] {"", "plain", "@example.com", "a@", "a@b", "a b@example.com", "a@exa mple.com",
                "a..b@example.com", "a@-example.com", null, "x".repeat(65) + "@example.com"}) {
            assertRefused(() -> await(accounts.createUser(email, PASSWORD)), Reason.INVALID_EMAIL);
        }
        assertRefused(() -> await(accounts.createUser("ok@example.com", "123456789")), Reason.WEAK_PASSWORD);
        assertRefused(() -> await(accounts.createUser("ok@example.com", null)), Reason.WEAK_PASSWORD);
        assertRefused(() -> await(accounts.createUser("ok@example.com", "x".repeat(1025))), Reason.WEAK_PASSWORD);
        assertThat(await(accounts.count())).isZero();
        assertThat(await(accounts.createUser("o'brien+tag@sub.example.co.uk", "1234567890")).email())
                .isEqualTo("o'brien+tag@sub.example.co.uk");
    }

    @Test
    void authenticateChecksThePassword() {
        Account a = await(accounts.createUser("me@example.com", PASSWORD));
        assertThat(await(accounts.authenticate("me@example.com", PASSWORD))).contains(a);
        assertThat(await(accounts.authenticate(" ME@EXAMPLE.COM", PASSWORD))).contains(a);
        assertThat(await(accounts.authenticate("me@example.com", "wrong password"))).isEmpty();
        assertThat(await(accounts.authenticate("me@example.com", PASSWORD.toUpperCase()))).isEmpty();
        assertThat(await(accounts.authenticate("me@example.com", null))).isEmpty();
        assertThat(await(accounts.authenticate("nobody@example.com", PASSWORD))).isEmpty();
        assertThat(await(accounts.authenticate(null, PASSWORD))).isEmpty();
        assertThat(await(accounts.authenticate("me@example.com", "x".repeat(100_000)))).isEmpty();
    }

    @Test
    void passwordsAreStoredAsArgon2idPhcStrings() {
        Account a = await(accounts.createUser("hash@example.com", PASSWORD));
        String stored = sql(c -> Database.queryOne(c, "select password_hash from accounts where id = ?",
                rs -> rs.getString(1), a.id())).orElseThrow();
        assertThat(stored).matches("\\$argon2id\\$v=19\\$m=64,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}")
                .doesNotContain(PASSWORD);
        Account b = await(accounts.createUser("hash2@example.com", PASSWORD));
        String other = sql(c -> Database.queryOne(c, "select password_hash from accounts where id = ?",
                rs -> rs.getString(1), b.id())).orElseThrow();
        assertThat(other).as("salted").isNotEqualTo(stored);
    }

    @Test
    void failedSignInsDelayTheAccountButNotItsRecognisedBrowser() {
        Account a = await(accounts.createUser("slow@example.com", PASSWORD));
        for (int i = 0; i < 5; i++) {
            assertThat(await(accounts.authenticate("slow@example.com", "wrong password"))).isEmpty();
        }
        assertThatThrownBy(() -> await(accounts.authenticate("slow@example.com", PASSWORD)))
                .isInstanceOfSatisfying(ControlPlaneException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_ATTEMPTS);
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
                });
        assertThat(await(accounts.authenticate("slow@example.com", PASSWORD, a.id()))).as("the owner's browser")
                .contains(a);
        for (int i = 0; i < 6; i++) {
            assertThat(await(accounts.authenticate("slow@example.com", "wrong password", a.id()))).isEmpty();
        }
        clock.advance(Duration.ofSeconds(4));
        assertThat(await(accounts.authenticate("slow@example.com", PASSWORD))).contains(a);
        for (int i = 0; i < 20; i++) { // unknown emails are never delayed, and never tracked
            assertThat(await(accounts.authenticate("nobody" + i + "@example.com", "wrong password"))).isEmpty();
        }
        for (int i = 0; i < 4; i++) { // success cleared the count
            assertThat(await(accounts.authenticate("slow@example.com", "wrong password"))).isEmpty();
        }
        assertThat(await(accounts.authenticate("slow@example.com", PASSWORD))).contains(a);
    }

    private List<String> setupRows(String column) {
        return sql(c -> Database.query(c, "select " + column + " from settings where name like 'setup_token:%'",
                rs -> rs.getString(1)));
    }

    @Test
    void firstRunSetupNeedsATokenFromOpenSetupOnAnyNode() {
        String nodeA = await(accounts.openSetup()).orElseThrow();
        String nodeB = await(accounts.openSetup()).orElseThrow();
        assertThat(nodeA).startsWith("xs_setup_").hasSizeGreaterThan(50).isNotEqualTo(nodeB);
        assertThat(setupRows("value")).hasSize(2).noneMatch(v -> v.contains(nodeA) || v.contains(nodeB));
        assertRefused(() -> await(accounts.setUp("xs_setup_wrong", "eve@example.com", PASSWORD)), Reason.SETUP_REFUSED);
        assertRefused(() -> await(accounts.setUp("", "eve@example.com", PASSWORD)), Reason.SETUP_REFUSED);
        assertRefused(() -> await(accounts.setUp("x".repeat(10_000), "eve@example.com", PASSWORD)), Reason.SETUP_REFUSED);
        Account admin = await(accounts.setUp(nodeA, "admin@example.com", PASSWORD));
        assertThat(admin.admin()).isTrue();
        assertRefused(() -> await(accounts.setUp(nodeB, "second@example.com", PASSWORD)), Reason.SETUP_REFUSED);
        assertThat(setupRows("name")).isEmpty();
        assertThat(await(accounts.openSetup())).as("a node starting with accounts makes no token").isEmpty();
        assertThat(await(accounts.count())).isEqualTo(1);
    }

    @Test
    void theFirstAccountFromTheCommandLineEndsSetupToo() {
        String token = await(accounts.openSetup()).orElseThrow();
        assertThat(await(accounts.createUser("ops@example.com", PASSWORD)).admin()).isTrue();
        assertRefused(() -> await(accounts.setUp(token, "eve@example.com", PASSWORD)), Reason.SETUP_REFUSED);
        assertThat(await(accounts.count())).isEqualTo(1);
    }

    @Test
    void setupKeepsOnlyTheNewestTokens() {
        String oldest = await(accounts.openSetup()).orElseThrow();
        String newest = null;
        for (int i = 0; i < SetupRows.MAX_TOKENS; i++) {
            newest = await(accounts.openSetup()).orElseThrow();
        }
        assertThat(setupRows("name")).hasSize(SetupRows.MAX_TOKENS);
        assertRefused(() -> await(accounts.setUp(oldest, "eve@example.com", PASSWORD)), Reason.SETUP_REFUSED);
        assertThat(await(accounts.setUp(newest, "admin@example.com", PASSWORD)).admin()).isTrue();
    }

    @Test
    void refusalsThatNeedNoHashDoNotWaitForTheHashingPool() throws Exception {
        store.close();
        store = ControlPlaneStore.open(url, options(), new io.xshathra.controlplane.security.HashingPool.Size(1, 0));
        accounts = store.accounts();
        await(accounts.createUser("admin@example.com", PASSWORD));
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(1);
        CompletableFuture<Object> blocker = store.hashing().submit(() -> {
            busy.countDown();
            try {
                return release.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }).toCompletableFuture().thenApply(x -> x);
        assertThat(busy.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        try {
            assertThat(await(accounts.authenticate("admin@example.com", "x".repeat(1025)))).isEmpty();
            assertRefused(() -> await(accounts.signUp("eve@example.com", PASSWORD)), Reason.SIGNUP_CLOSED);
            assertThat(await(accounts.count())).as("storage is free while hashing is full").isEqualTo(1);
            assertRefused(() -> await(accounts.authenticate("admin@example.com", PASSWORD)), Reason.BUSY);
            assertRefused(() -> await(accounts.createUser("new@example.com", PASSWORD)), Reason.BUSY);
        } finally {
            release.countDown();
        }
        blocker.get(10, java.util.concurrent.TimeUnit.SECONDS);
        // The released thread takes new work once it is back at its queue: poll, with a deadline.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        java.util.Optional<Account> signedIn = java.util.Optional.empty();
        while (signedIn.isEmpty() && System.nanoTime() < deadline) {
            try {
                signedIn = await(accounts.authenticate("admin@example.com", PASSWORD));
            } catch (ControlPlaneException e) {
                assertThat(e.reason()).isEqualTo(Reason.BUSY);
            }
        }
        assertThat(signedIn).isPresent();
    }

    @Test
    void changePasswordReplacesTheOldOne() {
        Account a = await(accounts.createUser("change@example.com", PASSWORD));
        await(accounts.changePassword(a.id(), "a brand new password"));
        assertThat(await(accounts.authenticate("change@example.com", PASSWORD))).isEmpty();
        assertThat(await(accounts.authenticate("change@example.com", "a brand new password"))).contains(a);
        assertRefused(() -> await(accounts.changePassword(a.id(), "short")), Reason.WEAK_PASSWORD);
        assertRefused(() -> await(accounts.changePassword("acct_nobody", "long enough password")), Reason.NOT_FOUND);
    }

    @Test
    void openSignUpIsASettingThatDefaultsToClosed() {
        assertThat(await(accounts.isOpenSignup())).isFalse();
        await(accounts.setOpenSignup(true));
        assertRefused(() -> await(accounts.signUp("first@example.com", PASSWORD)), Reason.SIGNUP_CLOSED);
        assertThat(await(accounts.count())).as("the first account never comes from public sign-up").isZero();
        await(accounts.setOpenSignup(false));
        Account first = await(accounts.createUser("first@example.com", PASSWORD));
        assertThat(first.admin()).isTrue();
        assertRefused(() -> await(accounts.signUp("second@example.com", PASSWORD)), Reason.SIGNUP_CLOSED);
        assertThat(await(accounts.createUser("invited@example.com", PASSWORD)).admin()).isFalse();

        await(accounts.setOpenSignup(true));
        assertThat(await(accounts.isOpenSignup())).isTrue();
        assertThat(await(accounts.signUp("second@example.com", PASSWORD)).admin()).isFalse();
        await(accounts.setOpenSignup(false));
        assertThat(await(accounts.isOpenSignup())).isFalse();
        assertRefused(() -> await(accounts.signUp("third@example.com", PASSWORD)), Reason.SIGNUP_CLOSED);
    }
}
