package io.xshathra.grpc;

/**
 * One encoded {@code Push}: a range of a buffer that may be shared with other connections and is
 * never modified.
 */
record PushBytes(byte[] buffer, int offset, int length) {
}
