package io.xshathra.engine.token;

/**
 * Per-subscription overrides of namespace options carried by a token: the {@code override} object
 * of a subscription token or of a connection token's {@code subs} entry. JSON shape:
 * {@code {"presence":{"value":true},"join_leave":{...},"force_push_join_leave":{...},
 * "force_recovery":{...},"force_positioning":{...}}}.
 *
 * <p>Each component is {@code null} when the token does not override that option, so the
 * namespace setting applies. As in Centrifugo, an entry without {@code value} (e.g.
 * {@code "presence":{}}) overrides to {@code false}.
 *
 * <p>Named after Centrifugo's {@code SubscribeOptionOverride} rather than {@code Override}, which
 * would shadow {@code java.lang.Override} wherever it is imported.
 */
public record SubscribeOptionOverride(
        Boolean presence,
        Boolean joinLeave,
        Boolean forcePushJoinLeave,
        Boolean forceRecovery,
        Boolean forcePositioning) {
}
