package io.xshathra.client;

import java.util.Map;

/** The members a publish and a broadcast share, written by {@link Requests} once for both. */
interface PayloadFields {
    Object data();

    boolean rawJson();

    byte[] binary();

    String idempotencyKey();

    Map<String, String> tags();

    boolean skipHistory();
}
