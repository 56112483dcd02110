package io.xshathra.controlplane.console;

import static io.xshathra.controlplane.console.Html.t;

import io.xshathra.controlplane.console.Html.Safe;

/**
 * A labelled form input with its hint and its error right below it, wired for screen readers
 * ({@code aria-describedby}, {@code aria-invalid}). Immutable; the {@code with...} methods copy.
 *
 * @param name  the field name, also the element id
 * @param label the visible label
 * @param type  the input type ({@code text}, {@code email}, {@code password}, ...)
 * @param value the value to show again (never for passwords)
 * @param hint  help text under the input, or ""
 * @param error the error for this field, or ""
 * @param attrs further trusted attributes ({@code required autocomplete="email"})
 */
record Field(String name, String label, String type, String value, String hint, String error, Safe attrs) {

    static Field of(String name, String label, String type) {
        return new Field(name, label, type, "", "", "", Html.EMPTY);
    }

    Field value(String v) {
        return new Field(name, label, type, v == null ? "" : v, hint, error, attrs);
    }

    Field hint(String h) {
        return new Field(name, label, type, value, h, error, attrs);
    }

    Field error(String e) {
        return new Field(name, label, type, value, hint, e == null ? "" : e, attrs);
    }

    Field attrs(String trustedAttributes) {
        return new Field(name, label, type, value, hint, error, Html.raw(trustedAttributes));
    }

    Safe render() {
        String described = (hint.isEmpty() ? "" : name + "-hint ") + (error.isEmpty() ? "" : name + "-error");
        Safe describedBy = described.isBlank() ? Html.EMPTY : t(" aria-describedby=\"{}\"", described.strip());
        Safe invalid = Html.when(!error.isEmpty(), Html.raw(" aria-invalid=\"true\""));
        Safe input = type.equals("textarea")
                ? t("<textarea id=\"{}\" name=\"{}\"{}{} {}>{}</textarea>", name, name, describedBy, invalid, attrs, value)
                : t("<input id=\"{}\" name=\"{}\" type=\"{}\" value=\"{}\"{}{} {}>", name, name, type, value,
                        describedBy, invalid, attrs);
        return t("""
                <div class="field{}">
                  <label for="{}">{}</label>
                  {}{}{}
                </div>""", error.isEmpty() ? "" : " has-error", name, label, input,
                Html.when(!hint.isEmpty(), t("<p class=\"hint\" id=\"{}-hint\">{}</p>", name, hint)),
                Html.when(!error.isEmpty(), t("<p class=\"field-error\" id=\"{}-error\">{}</p>", name, error)));
    }
}
