package io.xshathra.engine.broker;

import io.xshathra.protocol.proto.Publication;
import java.util.ArrayList;
import java.util.List;

/**
 * Map brokers keep when each entry and change was written ({@code time}, unix milliseconds), which
 * the server API's map reads answer. Clients are never sent it (the reference leaves it out of
 * client frames too), so what a broker hands to subscribers, and what client reads send, goes
 * through here first.
 */
public final class MapTimes {
    private MapTimes() {
    }

    /** {@code p} without its write time (the same object when it has none). */
    public static Publication withoutTime(Publication p) {
        return p.getTime() == 0 ? p : p.toBuilder().clearTime().build();
    }

    /** The publications without their write times (the same list when none has one). */
    public static List<Publication> withoutTime(List<Publication> pubs) {
        boolean any = false;
        for (Publication p : pubs) {
            if (p.getTime() != 0) {
                any = true;
                break;
            }
        }
        if (!any) {
            return pubs;
        }
        List<Publication> out = new ArrayList<>(pubs.size());
        for (Publication p : pubs) {
            out.add(withoutTime(p));
        }
        return out;
    }
}
