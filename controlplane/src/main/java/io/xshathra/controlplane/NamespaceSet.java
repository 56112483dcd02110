package io.xshathra.controlplane;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A project's namespaces.
 *
 * @param projectId  the project
 * @param namespaces namespace name to its options as stored (a compact JSON object), by name
 * @param own        false while the project still follows the configuration's namespaces (a
 *                   project created before namespaces were per project, not yet given a copy)
 */
public record NamespaceSet(String projectId, Map<String, String> namespaces, boolean own) {

    public NamespaceSet {
        namespaces = Collections.unmodifiableMap(new TreeMap<>(namespaces));
    }
}
