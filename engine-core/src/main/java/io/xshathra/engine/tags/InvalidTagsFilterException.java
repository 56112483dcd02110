package io.xshathra.engine.tags;

/** A tags filter that breaks a rule of {@link TagsFilter#compile}; the message names the rule. */
public final class InvalidTagsFilterException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidTagsFilterException(String message) {
        super(message, null, false, false);
    }
}
