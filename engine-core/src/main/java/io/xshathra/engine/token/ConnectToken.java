package io.xshathra.engine.token;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A verified connection token (spec §5.2).
 *
 * <p>Byte arrays are owned by this value: callers must not modify them. The collections are
 * unmodifiable; {@code subs} keeps the token's order.
 *
 * @param userId    user id ({@code sub}, or the configured user id claim); {@code ""} = anonymous
 * @param expireAt  connection expiry in unix seconds, 0 = never: {@code expire_at} when present
 *                  (values ≤ 0 mean never), else {@code exp}; capped at verification time + 365
 *                  days. An {@code expire_at} already in the past is returned as is (the caller
 *                  answers error 110)
 * @param info      connection info: decoded {@code b64info} when set, else compact JSON of
 *                  {@code info}; {@code null} when neither is present
 * @param channels  server-side channels from {@code channels} (ignored by callers when
 *                  {@code subs} is non-empty)
 * @param subs      server-side subscriptions from {@code subs}, channel → options
 * @param meta      compact JSON of {@code meta} (server-only), {@code null} when absent
 * @param projectId Xshathra project of the token ({@code projectId} claim), {@code ""} when absent
 */
public record ConnectToken(
        String userId,
        long expireAt,
        byte[] info,
        List<String> channels,
        Map<String, SubscribeOptions> subs,
        byte[] meta,
        String projectId) {

    public ConnectToken {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(projectId, "projectId");
        channels = List.copyOf(channels);
        subs = Collections.unmodifiableMap(new LinkedHashMap<>(subs));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectToken other
                && userId.equals(other.userId)
                && expireAt == other.expireAt
                && Arrays.equals(info, other.info)
                && channels.equals(other.channels)
                && subs.equals(other.subs)
                && Arrays.equals(meta, other.meta)
                && projectId.equals(other.projectId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(userId, expireAt, Arrays.hashCode(info), channels, subs,
                Arrays.hashCode(meta), projectId);
    }

    @Override
    public String toString() {
        return "ConnectToken[userId=" + userId + ", expireAt=" + expireAt + ", info=" + Sizes.of(info)
                + ", channels=" + channels + ", subs=" + subs.keySet() + ", meta=" + Sizes.of(meta)
                + ", projectId=" + projectId + "]";
    }
}
