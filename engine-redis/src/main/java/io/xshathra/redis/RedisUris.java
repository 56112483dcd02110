package io.xshathra.redis;

import io.lettuce.core.RedisURI;

/** Turns configured addresses into connection URIs, applying the shared credentials and timeouts. */
final class RedisUris {
    private RedisUris() {
    }

    /** {@code redis://...}, {@code rediss://...}, {@code unix://...} or a bare {@code host:port}. */
    static RedisURI parse(String address, RedisEngineOptions o) {
        String a = address.trim();
        RedisURI uri;
        try {
            uri = RedisURI.create(a.contains("://") ? a : "redis://" + a);
        } catch (IllegalArgumentException e) {
            // Lettuce quotes the whole URI, password included: neither its message nor the cause may reach a log
            throw new IllegalArgumentException("invalid Redis address " + Redaction.address(a) + ": "
                    + Redaction.text(e.getMessage()));
        }
        applyDefaults(uri, o, a.contains("@"));
        return uri;
    }

    static RedisURI sentinel(RedisEngineOptions o) {
        RedisURI.Builder b = null;
        for (String s : o.sentinelAddresses()) {
            String hostPort = s.contains("://") ? s.substring(s.indexOf("://") + 3) : s;
            // user information is not part of the host (the Sentinels' password is sentinel_password)
            hostPort = hostPort.substring(hostPort.lastIndexOf('@') + 1);
            int colon = hostPort.lastIndexOf(':');
            String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            int port = colon < 0 ? 26379 : Integer.parseInt(hostPort.substring(colon + 1));
            if (b == null) {
                b = RedisURI.Builder.sentinel(host, port, o.sentinelMasterName());
            } else {
                b.withSentinel(host, port);
            }
        }
        RedisURI uri = b.build();
        if (!o.sentinelPassword().isEmpty()) {
            uri.getSentinels().forEach(s -> s.setAuthentication(o.sentinelPassword().toCharArray()));
        }
        applyDefaults(uri, o, false);
        return uri;
    }

    private static void applyDefaults(RedisURI uri, RedisEngineOptions o, boolean hasCredentials) {
        // the handshake after the TCP connect (HELLO, AUTH, SELECT) may take longer than the TCP
        // connect on a busy machine: give it the command timeout
        uri.setTimeout(o.ioTimeout().compareTo(o.connectTimeout()) > 0 ? o.ioTimeout() : o.connectTimeout());
        if (uri.getDatabase() == 0 && o.db() != 0) {
            uri.setDatabase(o.db());
        }
        if (!hasCredentials && !o.password().isEmpty()) {
            if (o.user().isEmpty()) {
                uri.setAuthentication(o.password().toCharArray());
            } else {
                uri.setAuthentication(o.user(), o.password().toCharArray());
            }
        }
    }
}
