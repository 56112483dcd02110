package io.xshathra.protocol;

/** The two encodings of the client protocol. Chosen once per connection at handshake time. */
public enum ProtocolType {
    /** Newline-delimited JSON objects; {@code bytes} fields are embedded as raw JSON. */
    JSON,
    /** Varint-length-delimited Protobuf messages. */
    PROTOBUF
}
