package io.xshathra.controlplane.web;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * HTTP header fields in the order they were added, names compared without regard to case and
 * kept as spelt (the adapters write them as they are, so the order and spelling on the wire are
 * the ones the code chose). {@link #set} removes every field of that name and appends the new
 * one at the end, {@link #add} appends. Not thread-safe: one request or response is built and
 * read by one thread at a time. Its size is bounded by its source: the HTTP edge's header
 * limits for requests, the code that builds a response for responses.
 */
public final class WebHeaders {

    private final List<String> names;
    private final List<String> values;

    public WebHeaders() {
        this(8);
    }

    /** @param expected how many fields to make room for */
    public WebHeaders(int expected) {
        names = new ArrayList<>(expected);
        values = new ArrayList<>(expected);
    }

    /** Appends a field; returns this. */
    public WebHeaders add(String name, Object value) {
        names.add(name);
        values.add(String.valueOf(value));
        return this;
    }

    /** Replaces every field of that name with one field at the end; returns this. */
    public WebHeaders set(String name, Object value) {
        remove(name);
        return add(name, value);
    }

    /** Removes every field of that name; returns this. */
    public WebHeaders remove(String name) {
        for (int i = names.size() - 1; i >= 0; i--) {
            if (names.get(i).equalsIgnoreCase(name)) {
                names.remove(i);
                values.remove(i);
            }
        }
        return this;
    }

    /** The first value of that name, or null. */
    public String get(String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return values.get(i);
            }
        }
        return null;
    }

    /** The first value of that name, or {@code otherwise}. */
    public String get(String name, String otherwise) {
        String v = get(name);
        return v == null ? otherwise : v;
    }

    /** Every value of that name, in order (empty when none). */
    public List<String> getAll(String name) {
        List<String> out = new ArrayList<>(2);
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                out.add(values.get(i));
            }
        }
        return out;
    }

    public boolean contains(String name) {
        return get(name) != null;
    }

    public int size() {
        return names.size();
    }

    /** Each field in order, as (name as spelt, value). */
    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < names.size(); i++) {
            action.accept(names.get(i), values.get(i));
        }
    }

    @Override
    public String toString() {
        // Header values carry cookies and keys: names only.
        return "WebHeaders" + names;
    }
}
