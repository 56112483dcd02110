package io.xshathra.controlplane.usage;

/**
 * What one project used in one minute, summed over every node.
 *
 * @param timeMs            the minute's start, milliseconds since the epoch (a multiple of 60 000)
 * @param connections       the highest number of connections seen at the usage samples of the minute
 *                          (every 10 s and at each read), summed over nodes
 * @param publicationsIn    publications handed to the broker: client publishes, API publishes, broadcasts
 *                          (one per channel)
 * @param deliveriesOut     publications written to subscribers: each publication times the local
 *                          subscribers of its channel, on every node
 * @param webhookDeliveries webhook requests the project's endpoints accepted
 */
public record UsageMinute(long timeMs, long connections, long publicationsIn, long deliveriesOut,
                          long webhookDeliveries) {
}
