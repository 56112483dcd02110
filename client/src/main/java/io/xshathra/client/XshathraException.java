package io.xshathra.client;

/**
 * A call to the Xshathra API that did not succeed. Every failure of {@link XshathraClient} is one
 * of these (or a subclass), never a raw I/O or JSON exception:
 * <ul>
 *   <li>{@link #status()}: the HTTP status the server answered with, or 0 when no answer arrived
 *       (see {@link TransportException}) or the request was refused before it was sent;</li>
 *   <li>{@link #code()}: the server's stable snake_case error code ({@code invalid_field},
 *       {@code rate_limited}, …), or one of this library's own codes below;</li>
 *   <li>{@link #getMessage()}: the server's sentence naming the field and the rule;</li>
 *   <li>{@link #field()}: the request field the server names, when it names one.</li>
 * </ul>
 * Subclasses stand for the failures a caller handles differently. Messages never contain the
 * server key. Unchecked, so the synchronous and asynchronous methods fail alike.
 */
public class XshathraException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The answer was not the JSON this library expects (a proxy's page, a truncated body). */
    public static final String INVALID_RESPONSE = "invalid_response";
    /** The answer's body was larger than {@link XshathraClient.Builder#maxResponseBytes}. */
    public static final String RESPONSE_TOO_LARGE = "response_too_large";
    /** No answer: the connection could not be made or broke ({@link TransportException}). */
    public static final String TRANSPORT = "transport";
    /** No answer in time ({@link RequestTimeoutException}). */
    public static final String TIMEOUT = "timeout";

    private final int status;
    private final String code;
    private final String field;

    /**
     * @param status HTTP status, 0 without an answer
     * @param code   the server's error code or one of this class's constants
     * @param field  the request field at fault, or null
     */
    public XshathraException(int status, String code, String message, String field) {
        this(status, code, message, field, null);
    }

    XshathraException(int status, String code, String message, String field, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    /** The HTTP status, or 0 when the server did not answer. */
    public int status() {
        return status;
    }

    /** The stable error code. */
    public String code() {
        return code;
    }

    /** The request field the error is about ({@code ttlSeconds}, {@code channels[1]}), or null. */
    public String field() {
        return field;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[status=" + status + ", code=" + code
                + (field == null ? "" : ", field=" + field) + "]: " + getMessage();
    }
}
