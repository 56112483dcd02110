package io.xshathra.engine.client;

import com.google.protobuf.ByteString;
import io.xshathra.engine.delta.FossilDelta;
import io.xshathra.engine.delta.JsonStringData;
import io.xshathra.protocol.ProtocolType;
import io.xshathra.protocol.proto.Publication;
import java.util.ArrayList;
import java.util.List;

/**
 * Recovered publications of a delta subscription: the first in full, each following one as a
 * fossil patch against the one before it (in full when the patch is not smaller), with every
 * {@code data} a JSON string in the JSON protocol.
 */
final class DeltaPublications {

    private DeltaPublications() {
    }

    static List<Publication> recovered(List<Publication> pubs, ProtocolType protocol) {
        List<Publication> out = new ArrayList<>(pubs.size());
        byte[] previous = null;
        for (Publication pub : pubs) {
            byte[] data = pub.getData().toByteArray();
            byte[] sent = data;
            boolean patched = false;
            if (previous != null && previous.length > 0) {
                byte[] patch = FossilDelta.create(previous, data);
                if (patch.length < data.length) {
                    sent = patch;
                    patched = true;
                }
            }
            if (protocol == ProtocolType.JSON) {
                byte[] quoted = JsonStringData.quote(sent);
                // Not UTF-8: left raw, so the codec refuses it like any non-JSON payload (3506).
                sent = quoted == null ? sent : quoted;
            }
            Publication.Builder b = pub.toBuilder().setData(ByteString.copyFrom(sent));
            if (patched) {
                b.setDelta(true);
            }
            out.add(b.build());
            previous = data;
        }
        return out;
    }
}
