package io.xshathra.controlplane.console;

import io.xshathra.controlplane.web.UrlEncoded;
import io.xshathra.controlplane.web.WebRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fields of an {@code application/x-www-form-urlencoded} body (or of a query string). Read
 * once on the event loop, before the request is released; values are kept as typed (a
 * {@code ;} is an ordinary character, {@code +} is a space). Immutable.
 */
final class Form {

    /** Largest form body the console reads. */
    static final int MAX_BODY = 64 * 1024;
    private static final int MAX_FIELDS = 32;
    static final Form EMPTY = new Form(Map.of());

    /** Why a body could not be read as a form. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private final Map<String, List<String>> fields;

    private Form(Map<String, List<String>> fields) {
        this.fields = fields;
    }

    /**
     * Decodes {@code a=1&b=2} (no leading {@code ?}).
     *
     * @throws Refused 400 for a malformed escape ({@code %zz}, a lone {@code %})
     */
    static Form parse(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return EMPTY;
        }
        try {
            return new Form(Map.copyOf(UrlEncoded.decode(encoded, MAX_FIELDS)));
        } catch (IllegalArgumentException e) {
            throw new Refused(400, "The form is not correctly encoded.");
        }
    }

    /** The body of a POST; GET and bodiless requests give an empty form. */
    static Form of(WebRequest req) {
        int length = req.body().length;
        if (length == 0) {
            return EMPTY;
        }
        if (length > MAX_BODY) {
            throw new Refused(413, "The form is larger than " + MAX_BODY / 1024 + " KiB.");
        }
        String type = req.headers().get("content-type", "");
        if (!type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw new Refused(415, "Forms must be sent as application/x-www-form-urlencoded.");
        }
        return parse(new String(req.body(), StandardCharsets.UTF_8));
    }

    /** The first value of the field, or "" when absent. */
    String get(String name) {
        List<String> v = fields.get(name);
        return v == null || v.isEmpty() ? "" : v.get(0);
    }

    boolean has(String name) {
        return fields.containsKey(name);
    }

    @Override
    public String toString() {
        // Forms carry passwords: never print values.
        return "Form" + fields.keySet();
    }
}
