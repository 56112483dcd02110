package io.xshathra.server.config;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The keys the loader recognises, as dotted paths relative to where the schema applies (the file
 * root, or one channel options object). A key is either a typed leaf or an opaque
 * {@link Type#SECTION} whose contents are accepted without checking (features we recognise but do
 * not implement).
 */
final class Schema {

    /**
     * The JSON shape a key expects. {@code OBJECT_LIST} (an array of objects, such as {@code proxies})
     * and {@code STRING_MAP} (an object of strings, such as a proxy's {@code http.static_headers})
     * are JSON text in environment variables, as in Centrifugo.
     */
    enum Type { BOOL, INT, LONG, STRING, DURATION, STRING_LIST, ANY, SECTION, CHANNEL_OPTIONS, NAMESPACES,
        OBJECT_LIST, STRING_MAP }

    /** What the loader does with a recognised key. */
    enum Support {
        /** Read and applied. */
        SUPPORTED,
        /** Recognised and ignored without a word: it changes nothing observable. */
        SILENT,
        /** Recognised; a warning says "not supported yet" when it is set (true, non-zero, non-empty). */
        UNSUPPORTED
    }

    record Key(String path, Type type, Support support) {
    }

    private final Map<String, Key> keys;

    private Schema(Map<String, Key> keys) {
        this.keys = Collections.unmodifiableMap(keys);
    }

    /** The key at exactly this path, or null. */
    Key find(String path) {
        return keys.get(path);
    }

    /** The opaque section enclosing this path (not the path itself), or null. */
    Key enclosingSection(String path) {
        int dot = path.lastIndexOf('.');
        while (dot > 0) {
            Key k = keys.get(path.substring(0, dot));
            if (k != null && k.type() == Type.SECTION) {
                return k;
            }
            dot = path.lastIndexOf('.', dot - 1);
        }
        return null;
    }

    /** Whether some key lives below this path, i.e. the path is an object of known keys. */
    boolean isParent(String path) {
        String prefix = path + ".";
        for (String k : keys.keySet()) {
            if (k.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the path is a key, a parent of keys, or inside an opaque section. */
    boolean recognises(String path) {
        return keys.containsKey(path) || enclosingSection(path) != null || isParent(path);
    }

    Collection<Key> keys() {
        return keys.values();
    }

    static Builder builder() {
        return new Builder();
    }

    static final class Builder {
        private final Map<String, Key> keys = new LinkedHashMap<>();

        Builder key(String path, Type type) {
            keys.put(path, new Key(path, type, Support.SUPPORTED));
            return this;
        }

        Builder silent(String path, Type type) {
            keys.put(path, new Key(path, type, Support.SILENT));
            return this;
        }

        Builder unsupported(String path, Type type) {
            keys.put(path, new Key(path, type, Support.UNSUPPORTED));
            return this;
        }

        /** An opaque section switched on by {@code <path>.enabled}; a warning when it is true. */
        Builder unsupportedFeature(String path) {
            silent(path, Type.SECTION);
            return unsupported(path + ".enabled", Type.BOOL);
        }

        Schema build() {
            return new Schema(new LinkedHashMap<>(keys));
        }
    }
}
