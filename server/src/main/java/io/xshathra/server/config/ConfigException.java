package io.xshathra.server.config;

/**
 * A configuration value that stops startup. The message is one line of the form
 * {@code config: <key>: <rule>}, naming the key (or environment variable, flag or file) and the
 * rule it breaks, so it can be printed as is.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String key;

    /**
     * @param key  what is wrong: a key path such as {@code client.ping_interval}, an environment
     *             variable, a flag or a file name
     * @param rule the rule it breaks, e.g. {@code must be greater than client.pong_timeout}
     */
    public ConfigException(String key, String rule) {
        super("config: " + key + ": " + oneLine(rule));
        this.key = key;
    }

    /** The key, variable, flag or file the message names. */
    public String key() {
        return key;
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
