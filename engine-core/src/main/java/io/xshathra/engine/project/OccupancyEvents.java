package io.xshathra.engine.project;

import io.xshathra.engine.channel.ChannelSpace;
import java.time.Clock;
import java.util.Objects;

/**
 * Turns cluster-wide occupancy changes of engine keys into {@link TenantEvent}s for the
 * projects that want them: default-space keys and unwanted kinds cost one check and nothing
 * more. Thread-safe.
 */
public final class OccupancyEvents {
    private final TenantEvents events;
    private final Clock clock;

    public OccupancyEvents(TenantEvents events, Clock clock) {
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The channel of {@code key} got its first subscriber anywhere. */
    public void occupied(String key) {
        emit(TenantEvent.Kind.CHANNEL_OCCUPIED, key);
    }

    /** The channel of {@code key} lost its last subscriber anywhere. */
    public void vacated(String key) {
        emit(TenantEvent.Kind.CHANNEL_VACATED, key);
    }

    private void emit(TenantEvent.Kind kind, String key) {
        String project = ChannelSpace.project(key);
        if (project.isEmpty() || !events.wants(project, kind)) {
            return;
        }
        events.emit(new TenantEvent(kind, project, ChannelSpace.channel(key), "", "", null, clock.millis()));
    }
}
