package io.xshathra.controlplane.usage;

import java.util.Objects;

/**
 * One node's share of one project's usage in one hour, as stored: {@link HourSlots#encode()}.
 *
 * @param projectId the project
 * @param nodeId    the node process that counted it (a new id per start, so a process owns its rows)
 * @param hourMs    the hour's start, milliseconds since the epoch (a multiple of 3 600 000)
 * @param slots     the encoded minutes
 */
public record HourRow(String projectId, String nodeId, long hourMs, String slots) {

    public HourRow {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(slots, "slots");
        if (hourMs % HourSlots.HOUR_MS != 0) {
            throw new IllegalArgumentException("hourMs must be the start of an hour: " + hourMs);
        }
    }
}
