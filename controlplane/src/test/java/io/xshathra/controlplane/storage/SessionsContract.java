package io.xshathra.controlplane.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xshathra.controlplane.Account;
import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.controlplane.IssuedSession;
import io.xshathra.controlplane.Sessions;
import io.xshathra.controlplane.security.ApiKeys;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link Sessions} contract, run against every database. */
public abstract class SessionsContract extends StoreTestBase {

    private Sessions sessions;
    private Account account;

    @BeforeEach
    void service() {
        sessions = store.sessions();
        account = await(store.accounts().createUser("session@example.com", "correct horse battery"));
    }

    @Test
    void createValidateRevoke() {
        IssuedSession s = await(sessions.create(account.id()));
        assertThat(s.id()).matches("sess_[0-9A-HJKMNP-TV-Z]{26}");
        assertThat(s.token()).matches("[A-Za-z0-9_-]{43}");
        assertThat(s.expiresAt()).isEqualTo(clock.instant().plus(sessions.idleTimeout()));
        assertThat(s.toString()).doesNotContain(s.token());

        assertThat(await(sessions.validate(s.token()))).contains(account);
        assertThat(await(sessions.revoke(s.token()))).isTrue();
        assertThat(await(sessions.validate(s.token()))).isEmpty();
        assertThat(await(sessions.revoke(s.token()))).isFalse();
    }

    @Test
    void tokensAreStoredOnlyAsHashes() {
        IssuedSession s = await(sessions.create(account.id()));
        String stored = sql(c -> Database.queryOne(c, "select token_hash from sessions where id = ?",
                rs -> rs.getString(1), s.id())).orElseThrow();
        assertThat(stored).isEqualTo(ApiKeys.hash(s.token())).isNotEqualTo(s.token());
    }

    @Test
    void unknownAndMalformedTokensAreRefused() {
        await(sessions.create(account.id()));
        assertThat(await(sessions.validate(ApiKeys.newSessionToken()))).isEmpty();
        assertThat(await(sessions.validate(""))).isEmpty();
        assertThat(await(sessions.validate(null))).isEmpty();
        assertThat(await(sessions.validate("x".repeat(10_000)))).isEmpty();
        assertThat(await(sessions.revoke(null))).isFalse();
    }

    @Test
    void aSessionEndsAfterItsIdleTimeout() {
        IssuedSession s = await(sessions.create(account.id()));
        clock.advance(sessions.idleTimeout().minusSeconds(1));
        assertThat(await(sessions.validate(s.token()))).isPresent();
        // that use moved the deadline: a whole idle period from now
        clock.advance(sessions.idleTimeout().minusSeconds(1));
        assertThat(await(sessions.validate(s.token()))).isPresent();
        clock.advance(sessions.idleTimeout());
        assertThat(await(sessions.validate(s.token()))).isEmpty();
    }

    @Test
    void aSessionEndsAtItsMaximumLifetimeEvenWhenUsed() {
        IssuedSession s = await(sessions.create(account.id()));
        Duration step = sessions.idleTimeout().dividedBy(2);
        Duration lived = Duration.ZERO;
        while (lived.plus(step).compareTo(sessions.maxLifetime()) < 0) {
            clock.advance(step);
            lived = lived.plus(step);
            assertThat(await(sessions.validate(s.token()))).as("after %s", lived).isPresent();
        }
        clock.advance(sessions.maxLifetime().minus(lived));
        assertThat(await(sessions.validate(s.token()))).isEmpty();
    }

    @Test
    void deleteExpiredRemovesOnlyExpiredSessions() {
        IssuedSession old = await(sessions.create(account.id()));
        clock.advance(sessions.idleTimeout().minusMinutes(1));
        IssuedSession fresh = await(sessions.create(account.id()));
        clock.advance(Duration.ofMinutes(1));
        assertThat(await(sessions.deleteExpired())).isEqualTo(1);
        assertThat(await(sessions.deleteExpired())).isZero();
        assertThat(await(sessions.validate(old.token()))).isEmpty();
        assertThat(await(sessions.validate(fresh.token()))).contains(account);
    }

    @Test
    void revokeAllEndsEveryCurrentSessionOfTheAccount() {
        IssuedSession a = await(sessions.create(account.id()));
        IssuedSession b = await(sessions.create(account.id()));
        Account other = await(store.accounts().createUser("other@example.com", "correct horse battery"));
        IssuedSession c = await(sessions.create(other.id()));
        assertThat(await(sessions.revokeAll(account.id()))).isEqualTo(2);
        assertThat(await(sessions.validate(a.token()))).isEmpty();
        assertThat(await(sessions.validate(b.token()))).isEmpty();
        assertThat(await(sessions.validate(c.token()))).contains(other);
    }

    @Test
    void anUnknownAccountGetsNoSession() {
        assertThatThrownBy(() -> await(sessions.create("acct_nobody")))
                .isInstanceOfSatisfying(ControlPlaneException.class,
                        e -> assertThat(e.reason()).isEqualTo(ControlPlaneException.Reason.NOT_FOUND));
    }
}
