package io.xshathra.client;

import java.util.List;

/**
 * A project's usage per minute ({@code GET /api/realtime/usage}): every minute whose start is in
 * {@code [fromMs, toMs)}, oldest first, zeros included, all nodes summed.
 *
 * @param fromMs  the first minute's start, milliseconds since the epoch
 * @param toMs    the end of the last minute
 * @param minutes one entry per minute
 * @param totals  the window's sums (and its highest connection count)
 */
public record Usage(long fromMs, long toMs, List<Minute> minutes, Totals totals) {

    public Usage {
        minutes = List.copyOf(minutes);
    }

    /**
     * One minute.
     *
     * @param timeMs            the minute's start
     * @param connections       the highest connection count sampled in the minute
     * @param publicationsIn    publications into the project's channels (client, API, broadcast)
     * @param deliveriesOut     publications written to subscribers (each publication times its subscribers)
     * @param webhookDeliveries webhook requests the project's endpoints accepted
     */
    public record Minute(long timeMs, long connections, long publicationsIn, long deliveriesOut,
                         long webhookDeliveries) {
    }

    /**
     * The window's figures.
     *
     * @param peakConnections   the highest connection count of any minute
     * @param publicationsIn    the sum over the minutes
     * @param deliveriesOut     the sum over the minutes
     * @param webhookDeliveries the sum over the minutes
     */
    public record Totals(long peakConnections, long publicationsIn, long deliveriesOut, long webhookDeliveries) {
    }
}
