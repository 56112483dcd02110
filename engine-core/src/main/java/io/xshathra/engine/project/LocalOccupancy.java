package io.xshathra.engine.project;

import java.time.Clock;

/**
 * Occupancy on a node that is alone (memory engine): this node's first and last local
 * subscriber of a channel are the cluster's, so each settled transition is reported at once.
 */
public final class LocalOccupancy implements ChannelOccupancy {
    private final LocalTransitions transitions;

    public LocalOccupancy(TenantEvents events, Clock clock) {
        OccupancyEvents out = new OccupancyEvents(events, clock);
        this.transitions = new LocalTransitions(out::occupied, out::vacated);
    }

    @Override
    public void firstLocal(String key) {
        transitions.report(key, true);
    }

    @Override
    public void lastLocal(String key) {
        transitions.report(key, false);
    }
}
