package io.xshathra.client;

/**
 * One connection in a channel's presence (or the publisher of a publication).
 *
 * @param client   the connection's id
 * @param user     the user id ({@code sub} of its token); empty for anonymous connections
 * @param connInfo the connection's info as JSON text; null when it has none or it is not JSON (a
 *                 Protobuf client's binary info, which the server sends as {@code b64connInfo})
 * @param chanInfo the subscription's channel info as JSON text; null when none or not JSON
 */
public record ClientInfo(String client, String user, String connInfo, String chanInfo) {
}
