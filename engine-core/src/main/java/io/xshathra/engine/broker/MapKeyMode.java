package io.xshathra.engine.broker;

/** When a map write applies ({@code key_mode} of the server API). */
public enum MapKeyMode {
    /** Always: the key is created or replaced. */
    REPLACE,
    /** Only when the key does not exist yet. */
    IF_NEW,
    /** Only when the key exists. */
    IF_EXISTS
}
