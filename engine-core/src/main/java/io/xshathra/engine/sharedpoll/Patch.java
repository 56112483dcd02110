package io.xshathra.engine.sharedpoll;

import io.xshathra.engine.delta.FossilDelta;

/**
 * A fossil delta of a shared-poll change, computed once for all its receivers: the patch from the
 * data at {@code baseVersion} to the new data. Only a connection that holds exactly
 * {@code baseVersion} (and already got the key in full) may be sent it. When the patch is not
 * smaller than the data, {@code data} is the full data and {@code real} is false, as in the
 * reference.
 *
 * @param baseVersion the version the patch applies to
 * @param data        the patch, or the full data when {@code real} is false
 * @param real        whether {@code data} is a patch
 */
public record Patch(long baseVersion, byte[] data, boolean real) {

    /** The patch of {@code u}, or null when the backend sent no previous data. */
    static Patch of(PollState.Update u) {
        if (u.prevData() == null || u.prevData().length == 0 || u.data() == null) {
            return null;
        }
        byte[] patch = FossilDelta.create(u.prevData(), u.data());
        boolean real = patch.length < u.data().length;
        return new Patch(u.prevVersion(), real ? patch : u.data(), real);
    }
}
