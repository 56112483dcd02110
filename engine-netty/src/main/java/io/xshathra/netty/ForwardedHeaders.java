package io.xshathra.netty;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The headers of a connection request that some proxy forwards to its backend, kept with the
 * connection for its proxy calls. Only the configured names are kept (none when no proxy
 * forwards headers), and at most {@link #MAX_VALUES} values per name.
 */
final class ForwardedHeaders {
    private static final int MAX_VALUES = 8;

    private ForwardedHeaders() {
    }

    /** The request's headers named in {@code names} (lower case), by lower-case name. */
    static Map<String, List<String>> of(HttpHeaders headers, Set<String> names) {
        if (names.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> out = new HashMap<>();
        for (String name : names) {
            List<String> values = headers.getAll(name);
            if (!values.isEmpty()) {
                out.put(name.toLowerCase(Locale.ROOT),
                        List.copyOf(new ArrayList<>(values.subList(0, Math.min(MAX_VALUES, values.size())))));
            }
        }
        return Map.copyOf(out);
    }
}
