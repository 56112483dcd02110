package io.xshathra.engine.client;

import com.google.protobuf.ByteString;
import io.xshathra.engine.delta.FossilDelta;
import io.xshathra.engine.delta.JsonStringData;
import io.xshathra.protocol.ProtocolType;
import io.xshathra.protocol.proto.Publication;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The publications of a map subscription that negotiated fossil delta. Map deltas are per key: a
 * change is patched against the previous value of the same key, so the state entries are sent in
 * full and each caught-up change as a patch against the last value of its key in the same
 * reply (in full when it is the key's first or the patch is not smaller; removals in full). In
 * the JSON protocol every {@code data} is sent as a JSON string, which is what the SDK keeps as
 * the base of later patches.
 */
final class MapDeltaPublications {
    private MapDeltaPublications() {
    }

    /** State entries: in full, as JSON strings in the JSON protocol. */
    static List<Publication> state(List<Publication> entries, ProtocolType protocol) {
        if (protocol != ProtocolType.JSON) {
            return entries;
        }
        List<Publication> out = new ArrayList<>(entries.size());
        for (Publication p : entries) {
            out.add(p.getData().isEmpty() ? p : p.toBuilder().setData(quoted(p.getData().toByteArray())).build());
        }
        return out;
    }

    /** Caught-up changes, patched per key. */
    static List<Publication> changes(List<Publication> pubs, ProtocolType protocol) {
        List<Publication> out = new ArrayList<>(pubs.size());
        Map<String, byte[]> previous = new HashMap<>();
        for (Publication pub : pubs) {
            byte[] data = pub.getData().toByteArray();
            byte[] sent = data;
            boolean patched = false;
            byte[] base = pub.getRemoved() ? null : previous.get(pub.getKey());
            if (base != null && base.length > 0) {
                byte[] patch = FossilDelta.create(base, data);
                if (patch.length < data.length) {
                    sent = patch;
                    patched = true;
                }
            }
            if (pub.getRemoved()) {
                previous.remove(pub.getKey());
            } else {
                previous.put(pub.getKey(), data);
            }
            Publication.Builder b = pub.toBuilder();
            if (protocol == ProtocolType.JSON && sent.length > 0) {
                b.setData(quoted(sent));
            } else {
                b.setData(ByteString.copyFrom(sent));
            }
            out.add(patched ? b.setDelta(true).build() : b.build());
        }
        return out;
    }

    private static ByteString quoted(byte[] data) {
        byte[] q = JsonStringData.quote(data);
        // Not UTF-8: left raw, so the codec refuses it like any non-JSON payload (3506).
        return ByteString.copyFrom(q == null ? data : q);
    }
}
