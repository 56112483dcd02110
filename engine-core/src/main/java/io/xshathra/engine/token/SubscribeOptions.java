package io.xshathra.engine.token;

import java.util.Arrays;
import java.util.Objects;

/**
 * Options of one server-side subscription listed in a connection token's {@code subs} claim.
 *
 * <p>Byte arrays are owned by this value: callers must not modify them.
 *
 * @param info     channel info ({@code chan_info}): the decoded {@code b64info} when present, else
 *                 the compact JSON of {@code info}; {@code null} when neither is set
 * @param data     data for the subscribe result: the decoded {@code b64data}, else the compact JSON
 *                 of {@code data}; {@code null} when neither is set
 * @param override option overrides, {@code null} when absent
 */
public record SubscribeOptions(byte[] info, byte[] data, SubscribeOptionOverride override) {

    /** Options with nothing set (a {@code subs} entry of {@code {}} or {@code null}). */
    public static final SubscribeOptions NONE = new SubscribeOptions(null, null, null);

    @Override
    public boolean equals(Object o) {
        return o instanceof SubscribeOptions other
                && Arrays.equals(info, other.info)
                && Arrays.equals(data, other.data)
                && Objects.equals(override, other.override);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(info), Arrays.hashCode(data), override);
    }

    @Override
    public String toString() {
        return "SubscribeOptions[info=" + Sizes.of(info) + ", data=" + Sizes.of(data)
                + ", override=" + override + "]";
    }
}
